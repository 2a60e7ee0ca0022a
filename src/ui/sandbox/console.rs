//! The Redis console: a command line against the sandbox's own Redis over a WebSocket of its
//! own (leptos-use). Each command shows what was sent, and each frame Redis sends back shows
//! twice: as `redis-cli` prints it, and as its raw RESP bytes with every `\r\n` visible,
//! including the push frames that keep arriving after SUBSCRIBE. Up and Down recall earlier
//! commands, as in a terminal.

use leptos::either::EitherOf4;
use leptos::prelude::*;

use crate::i18n::panel::PanelWords;
use crate::sandbox::wire::ConsoleOutput;

/// Entries the transcript keeps on screen.
const KEPT_ENTRIES: usize = 200;
/// Commands Up and Down can recall.
const KEPT_HISTORY: usize = 50;

#[component]
pub fn RedisConsole(sandbox_id: String, token: String) -> impl IntoView {
    let words = &crate::i18n::use_words().panel;
    let entries = RwSignal::new(Vec::<(u64, ConsoleOutput)>::new());
    let next_entry = StoredValue::new(0u64);
    let draft = RwSignal::new(String::new());
    let connected = RwSignal::new(false);
    let history = StoredValue::new(Vec::<String>::new());
    // Where Up/Down is in the history: `None` while editing a new line.
    let recalled = StoredValue::new(None::<usize>);
    let transcript = NodeRef::<leptos::html::Ol>::new();
    let push = move |output: ConsoleOutput| {
        let number = next_entry.get_value();
        next_entry.set_value(number + 1);
        entries.update(|e| {
            e.push((number, output));
            if e.len() > KEPT_ENTRIES {
                e.remove(0);
            }
        });
    };

    #[cfg(feature = "hydrate")]
    let send_line = {
        use codee::string::FromToStringCodec;
        use leptos_use_websocket::{
            ConnectionReadyState, ReconnectLimit, UseWebSocketOptions, use_websocket_with_options,
        };

        let path = crate::routes::sandbox_console(&sandbox_id);
        let url = super::socket_url::on_this_host(&path, &[("token", &token)]);
        // The hook's closures borrow the URL for its lifetime (see the chat client).
        let url: &'static str = Box::leak(url.into_boxed_str());
        let options = UseWebSocketOptions::default()
            .reconnect_limit(ReconnectLimit::Limited(0))
            .on_message_raw(move |frame: &str| {
                if let Ok(output) = serde_json::from_str::<ConsoleOutput>(frame) {
                    push(output);
                }
            })
            .on_close(move |_| {
                push(ConsoleOutput::Notice {
                    text: words.console_disconnected.into(),
                    key: None,
                    args: Default::default(),
                })
            });
        let socket = use_websocket_with_options::<String, String, FromToStringCodec, _, _>(url, options);
        Effect::new(move |_| connected.set(socket.ready_state.get() == ConnectionReadyState::Open));
        // Keep the newest entry in view.
        Effect::new(move |_| {
            entries.track();
            if let Some(list) = transcript.get() {
                list.set_scroll_top(list.scroll_height());
            }
        });
        let send = socket.send.clone();
        move |line: String| send(&line)
    };
    #[cfg(not(feature = "hydrate"))]
    let send_line = {
        let _ = (&sandbox_id, &token, push, transcript);
        |_: String| {}
    };

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let line = draft.get_untracked();
        if line.trim().is_empty() || !connected.get_untracked() {
            return;
        }
        history.update_value(|h| {
            if h.last() != Some(&line) {
                h.push(line.clone());
            }
            if h.len() > KEPT_HISTORY {
                h.remove(0);
            }
        });
        recalled.set_value(None);
        send_line(line);
        draft.set(String::new());
    };
    let recall = move |ev: leptos::ev::KeyboardEvent| {
        let older = match ev.key().as_str() {
            "ArrowUp" => true,
            "ArrowDown" => false,
            _ => return,
        };
        ev.prevent_default();
        let h = history.get_value();
        let position = match (recalled.get_value(), older) {
            (None, true) => h.len().checked_sub(1),
            (None, false) => None,
            (Some(i), true) => Some(i.saturating_sub(1)),
            (Some(i), false) => (i + 1 < h.len()).then_some(i + 1),
        };
        recalled.set_value(position);
        draft.set(position.and_then(|i| h.get(i).cloned()).unwrap_or_default());
    };

    view! {
        <section class="redis-console" aria-label=words.redis_console>
            <h3>{words.redis_console}</h3>
            <p class="console-intro">{words.console_intro}</p>
            <ol class="console-transcript" node_ref=transcript tabindex="0" aria-live="polite" aria-label=words.console_transcript>
                <For each=move || entries.get() key=|(number, _)| *number let((_, output))>
                    {entry(words, output)}
                </For>
            </ol>
            <form class="console-input" on:submit=submit>
                <span class="console-prompt" aria-hidden="true">"redis>"</span>
                <input
                    type="text"
                    aria-label=words.command
                    placeholder="SUBSCRIBE ws:room:lobby"
                    autocomplete="off"
                    autocapitalize="off"
                    spellcheck="false"
                    maxlength="4096"
                    prop:value=move || draft.get()
                    on:input=move |ev| draft.set(event_target_value(&ev))
                    on:keydown=recall
                />
                <button type="submit" disabled=move || !connected.get()>{words.run}</button>
            </form>
        </section>
    }
}

fn entry(words: &PanelWords, output: ConsoleOutput) -> impl IntoView + use<> {
    match output {
        ConsoleOutput::Sent { line, raw } => EitherOf4::A(view! {
            <li class="console-entry console-sent">
                <div class="console-decoded"><span class="console-prompt" aria-hidden="true">"redis> "</span><code>{line}</code></div>
                <Raw raw/>
            </li>
        }),
        ConsoleOutput::Received { text, raw, push } => {
            let is_push = push.is_some();
            let badge = push.map(|kind| view! { <span class="push-badge">{format!("push · {kind}")}</span> });
            EitherOf4::B(view! {
                <li class="console-entry console-received" class:push=is_push>
                    <div class="console-decoded">{badge}<pre>{text}</pre></div>
                    <Raw raw/>
                </li>
            })
        }
        ConsoleOutput::Refused { line, reason, key, args } => EitherOf4::C(view! {
            <li class="console-entry console-refused">
                <div class="console-decoded"><span class="console-prompt" aria-hidden="true">"redis> "</span><code>{line}</code></div>
                <p>{(words.console_said)(key.as_deref(), &args, &reason)}</p>
            </li>
        }),
        ConsoleOutput::Notice { text, key, args } => {
            let text = (words.console_said)(key.as_deref(), &args, &text);
            EitherOf4::D(view! { <li class="console-entry console-notice">{text}</li> })
        }
    }
}

/// The bytes on the wire as one run, as the lessons write them (`*1\r\n$4\r\nPING\r\n`), each
/// `\r\n` marked and a place to wrap after it.
#[component]
fn Raw(raw: Vec<String>) -> impl IntoView {
    let words = &crate::i18n::use_words().panel;
    view! {
        <pre class="console-raw" aria-label=words.raw_bytes>
            {raw.into_iter().map(|line| view! { {line}<span class="crlf">"\\r\\n"</span><wbr/> }).collect_view()}
        </pre>
    }
}
