//! One chat client of a pane: a real WebSocket to a chat server of the sandbox (leptos-use), its
//! received messages tagged with their origin and how they came, system notices in plain
//! words, and the box to send from, with the "Local only" switch (Socket.IO's local emit).

use leptos::either::EitherOf3;
use leptos::prelude::*;

use crate::i18n::panel::PanelWords;
use crate::sandbox::frames::{ClientFrame, ServerFrame};
use crate::sandbox::wire::{ChatMessage, ServerName, Via};

/// Lines a client keeps on screen.
const KEPT_LINES: usize = 100;

// Built from frames in the browser only.
#[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
#[derive(Clone, Debug, PartialEq)]
enum Line {
    Chat(ChatMessage),
    Notice(String),
    Problem(String),
}

/// What the chat server sends a client, decoded as the frames it writes (a frame of another
/// kind, from a newer server, is skipped), its notices and errors in the page's language.
#[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
fn line_of(words: &PanelWords, frame: &str) -> Option<Line> {
    Some(match serde_json::from_str::<ServerFrame>(frame).ok()? {
        ServerFrame::Message(message) => Line::Chat(message),
        ServerFrame::System(notice) => Line::Notice((words.system_notice)(&notice)),
        ServerFrame::Error(error) => Line::Problem((words.chat_error)(&error)),
    })
}

/// Keeps what a frame says of private messages: the session the server gave this client, and
/// the highest private message number received (what it asks after when it comes back).
#[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
fn note_private(frame: &str, session: RwSignal<Option<String>>, last_seq: RwSignal<u64>) {
    match serde_json::from_str::<ServerFrame>(frame) {
        Ok(ServerFrame::System(notice)) if notice.session.is_some() => session.set(notice.session),
        Ok(ServerFrame::Message(message)) => {
            if let Some(seq) = message.seq.filter(|seq| *seq > last_seq.get_untracked()) {
                last_seq.set(seq);
            }
        }
        _ => {}
    }
}

#[component]
pub fn ChatClient(
    sandbox_id: String,
    token: String,
    server: ServerName,
    user: String,
    room: String,
    /// The pane's first client: its box is the pane's "Message".
    primary: bool,
    /// The session it comes back with (a client moved from the other server), and the number of
    /// the last private message it held.
    session: Option<String>,
    after: u64,
    /// It left for the other server: its session and last private message number go with it.
    moved: Callback<(String, u64)>,
) -> impl IntoView {
    let words = &crate::i18n::use_words().panel;
    // Each line with a number of its own, so the list keeps its keys when old lines go.
    let lines = RwSignal::new(Vec::<(u64, Line)>::new());
    let next_line = StoredValue::new(0u64);
    let draft = RwSignal::new(String::new());
    let local_only = RwSignal::new(false);
    let connected = RwSignal::new(false);
    // The session this client can come back with, and the last private message number it holds.
    let held_session = RwSignal::new(session.clone());
    let last_seq = RwSignal::new(after);
    let push = move |line: Line| {
        let number = next_line.get_value();
        next_line.set_value(number + 1);
        lines.update(|l| {
            l.push((number, line));
            if l.len() > KEPT_LINES {
                l.remove(0);
            }
        })
    };

    let live = super::live::use_live();
    #[cfg(feature = "hydrate")]
    let (send_frame, open, close) = {
        use codee::string::FromToStringCodec;
        use leptos_use_websocket::ConnectionReadyState;
        use leptos_use_websocket::{ReconnectLimit, UseWebSocketOptions, use_websocket_with_options};

        // The hook's returned closures are typed with the URL's lifetime (Rust 2024 captures it
        // in their opaque types), so the URL must live for 'static: a few bytes per client.
        let path = crate::routes::sandbox_ws(&sandbox_id, server.as_str());
        let after_text = after.to_string();
        let mut query = vec![("room", room.as_str()), ("user", user.as_str()), ("token", token.as_str())];
        if let Some(session) = session.as_deref() {
            query.extend([("session", session), ("after", after_text.as_str())]);
        }
        let url = super::socket_url::on_this_host(&path, &query);
        let url: &'static str = Box::leak(url.into_boxed_str());
        let options = UseWebSocketOptions::default()
            .reconnect_limit(ReconnectLimit::Limited(0))
            // Every frame, one by one (the hook's `message` signal keeps only the latest).
            .on_message_raw(move |frame: &str| {
                note_private(frame, held_session, last_seq);
                if let Some(line) = line_of(words, frame) {
                    push(line);
                }
            })
            .on_close(move |event: web_sys::CloseEvent| {
                let reason = event.reason();
                if !reason.is_empty() && event.code() != 1000 {
                    push(Line::Notice((words.disconnected)(&reason)));
                }
            });
        let socket = use_websocket_with_options::<String, String, FromToStringCodec, _, _>(url, options);
        Effect::new(move |_| connected.set(socket.ready_state.get() == ConnectionReadyState::Open));
        // The learner's own server took over server A, or gave it back: reconnect to reach it.
        if server == ServerName::A {
            let (reopen, reclose) = (socket.open.clone(), socket.close.clone());
            let here = crate::ui::answer::StillHere::new();
            Effect::new(move |previous: Option<u64>| {
                let changes = live.own_server_changes.get();
                if previous.is_some_and(|p| p != changes) {
                    reclose();
                    let reopen = reopen.clone();
                    let reopen_if_here = move || {
                        if here.is_here() {
                            reopen();
                        }
                    };
                    set_timeout(reopen_if_here, std::time::Duration::from_millis(50));
                }
                changes
            });
        }
        let send = socket.send.clone();
        (move |frame: String| send(&frame), socket.open.clone(), socket.close.clone())
    };
    #[cfg(not(feature = "hydrate"))]
    let (send_frame, open, close) = {
        let _ = (&sandbox_id, &token, push, live, &session);
        (|_: String| {}, || {}, || {})
    };
    let other_server = match server {
        ServerName::A => "B",
        ServerName::B => "A",
    };
    #[allow(clippy::clone_on_copy)] // a plain closure on the server, shared (not Copy) in the browser
    let close_for_move = close.clone();
    let move_away = move |_| {
        if let Some(session) = held_session.get_untracked() {
            close_for_move();
            moved.run((session, last_seq.get_untracked()));
        }
    };

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let text = draft.get_untracked();
        if text.trim().is_empty() || !connected.get_untracked() {
            return;
        }
        let local = local_only.get_untracked();
        let frame = ClientFrame::Message { text, room: None, local };
        send_frame(serde_json::to_string(&frame).expect("a client frame serialises"));
        draft.set(String::new());
    };
    let label = if primary { words.message.to_string() } else { (words.message_from)(&user) };
    let who = format!("{user} · {room}");
    let lines_label = (words.messages_received_by)(&user);
    let me = user.clone();
    let server_letter = server.as_str().to_uppercase();

    // Erased: a pane holds a list of these, and unerased the type nests too deep for a release
    // build's layout queries.
    view! {
        <div class="chat-client" data-user=user>
            <div class="chat-client-head">
                <span class="presence" class:online=move || connected.get() aria-hidden="true"></span>
                <span class="chat-client-name">{who}</span>
                <button
                    type="button"
                    class="link-button"
                    on:click=move |_| if connected.get_untracked() { close() } else { open() }
                >
                    {move || if connected.get() { words.disconnect } else { words.connect }}
                </button>
                {move || {
                    #[allow(clippy::clone_on_copy)] // as `close_for_move`
                    let move_away = move_away.clone();
                    held_session.get().is_some().then(move || view! {
                        <button type="button" class="link-button" on:click=move_away>
                            {(words.move_to_server)(other_server)}
                        </button>
                    })
                }}
            </div>
            <ol class="chat-lines" aria-live="polite" aria-label=lines_label>
                <For each=move || lines.get() key=|(number, _)| *number let((_, line))>
                    {match line {
                        Line::Chat(m) => {
                            let mine = m.user == me && m.origin == server.as_str();
                            let how = match m.via { Via::Local => words.via_local, Via::Redis => words.via_redis };
                            let from = (words.from_server)(&m.origin.to_uppercase());
                            let replayed = m.replayed.then(|| view! { <span class="tag-replayed">{words.kept_for_you}</span> });
                            EitherOf3::A(view! {
                                <li class="chat-line" class:mine=mine>
                                    <span class="chat-user">{m.user}</span>
                                    <span class="chat-text">{m.text}</span>
                                    <span class="chat-tags">
                                        <span class="tag-origin">{from}</span>
                                        <span class="tag-via" class:redis=m.via == Via::Redis>{how}</span>
                                        {replayed}
                                    </span>
                                </li>
                            })
                        }
                        Line::Notice(text) => EitherOf3::B(view! { <li class="chat-notice">{text}</li> }),
                        Line::Problem(text) => EitherOf3::C(view! { <li class="chat-problem">{text}</li> }),
                    }}
                </For>
            </ol>
            <form class="chat-send" on:submit=submit>
                <input
                    type="text"
                    aria-label=label
                    placeholder=(words.say_something)(&server_letter)
                    maxlength="2000"
                    prop:value=move || draft.get()
                    on:input=move |ev| draft.set(event_target_value(&ev))
                />
                <label class="local-only">
                    <input type="checkbox" prop:checked=move || local_only.get() on:change=move |ev| local_only.set(event_target_checked(&ev))/>
                    {words.local_only}
                </label>
                <button type="submit" disabled=move || !connected.get()>{words.send}</button>
            </form>
        </div>
    }
    .into_any()
}
