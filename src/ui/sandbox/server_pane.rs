//! One server's pane ("Server A", "Server B"): its clients, each a real WebSocket, and a small
//! form to add another client (another user, another room) to the same server. A client with a
//! session (in its own room `user:{name}`, lesson 5) can move to the other pane's server and
//! come back there as the same user.

use leptos::prelude::*;

use super::chat_client::ChatClient;
use crate::sandbox::wire::ServerName;

#[derive(Clone, Debug, PartialEq)]
struct ClientSpec {
    key: usize,
    user: String,
    room: String,
    /// A client moved here: the session it comes back with, and its last private message.
    session: Option<String>,
    after: u64,
}

/// A client on its way to the other server's pane.
#[derive(Clone, Debug, PartialEq)]
pub struct ClientMove {
    to: ServerName,
    user: String,
    room: String,
    session: String,
    after: u64,
}

/// The moves between the two panes (provided once, above both).
#[derive(Clone, Copy, Default)]
pub struct ClientMoves(RwSignal<Option<ClientMove>>);

fn other(server: ServerName) -> ServerName {
    match server {
        ServerName::A => ServerName::B,
        ServerName::B => ServerName::A,
    }
}

/// The first user of each pane: names a beginner can tell apart at a glance.
fn first_user(server: ServerName) -> &'static str {
    match server {
        ServerName::A => "ada",
        ServerName::B => "grace",
    }
}

#[component]
pub fn ServerPane(sandbox_id: String, token: String, server: ServerName) -> impl IntoView {
    let first = ClientSpec { key: 0, user: first_user(server).into(), room: "lobby".into(), session: None, after: 0 };
    let clients = RwSignal::new(vec![first]);
    let next_key = StoredValue::new(1usize);
    let moves = use_context::<ClientMoves>().unwrap_or_default();
    // A client that moved here from the other pane joins with its session.
    Effect::new(move |_| {
        if let Some(arriving) = moves.0.get().filter(|m| m.to == server) {
            let key = next_key.get_value();
            next_key.set_value(key + 1);
            let ClientMove { user, room, session, after, .. } = arriving;
            clients.update(|c| c.push(ClientSpec { key, user, room, session: Some(session), after }));
        }
    });
    let new_user = RwSignal::new(String::new());
    let new_room = RwSignal::new("lobby".to_string());
    let words = &crate::i18n::use_words().panel;
    let live = super::live::use_live();
    let name = (words.server)(&server.as_str().to_uppercase());
    let title = name.clone();
    let add = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let key = next_key.get_value();
        next_key.set_value(key + 1);
        let user = match new_user.get_untracked().trim() {
            "" => format!("{}{}", first_user(server), key + 1),
            typed => typed.to_string(),
        };
        let room = match new_room.get_untracked().trim() {
            "" => "lobby".to_string(),
            typed => typed.to_string(),
        };
        clients.update(|c| c.push(ClientSpec { key, user, room, session: None, after: 0 }));
        new_user.set(String::new());
    };

    view! {
        <section class="server-pane" aria-label=name.clone() data-server=server.as_str()>
            <h3 class="pane-title">
                {title}
                {move || (server == ServerName::A && live.own_server_running.get())
                    .then(|| view! { <span class="pane-badge">{words.your_code}</span> })}
            </h3>
            <For each=move || clients.get() key=|c| c.key let(client)>
                {
                    let (key, user, room) = (client.key, client.user.clone(), client.room.clone());
                    let moved = Callback::new(move |(session, after): (String, u64)| {
                        clients.update(|c| c.retain(|spec| spec.key != key));
                        let to = other(server);
                        moves.0.set(Some(ClientMove { to, user: user.clone(), room: room.clone(), session, after }));
                    });
                    view! {
                        <ChatClient
                            sandbox_id=sandbox_id.clone()
                            token=token.clone()
                            server
                            user=client.user
                            room=client.room
                            primary=client.key == 0
                            session=client.session
                            after=client.after
                            moved
                        />
                    }
                }
            </For>
            <details class="add-client">
                <summary>{words.add_client}</summary>
                <form on:submit=add>
                    <input type="text" aria-label=words.user_name placeholder=words.user_name_placeholder maxlength="40"
                        prop:value=move || new_user.get() on:input=move |ev| new_user.set(event_target_value(&ev))/>
                    <input type="text" aria-label=words.room placeholder=words.room_placeholder maxlength="64"
                        prop:value=move || new_room.get() on:input=move |ev| new_room.set(event_target_value(&ev))/>
                    <button type="submit">{words.connect}</button>
                </form>
            </details>
        </section>
    }
}
