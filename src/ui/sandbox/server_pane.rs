//! One server's pane ("Server A", "Server B"): its clients, each a real WebSocket, and a small
//! form to add another client (another user, another room) to the same server.

use leptos::prelude::*;

use super::chat_client::ChatClient;
use crate::sandbox::wire::ServerName;

#[derive(Clone, Debug, PartialEq)]
struct ClientSpec {
    key: usize,
    user: String,
    room: String,
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
    let clients = RwSignal::new(vec![ClientSpec { key: 0, user: first_user(server).into(), room: "lobby".into() }]);
    let next_key = StoredValue::new(1usize);
    let new_user = RwSignal::new(String::new());
    let new_room = RwSignal::new("lobby".to_string());
    let live = super::live::use_live();
    let name = format!("Server {}", server.as_str().to_uppercase());
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
        clients.update(|c| c.push(ClientSpec { key, user, room }));
        new_user.set(String::new());
    };

    view! {
        <section class="server-pane" aria-label=name.clone() data-server=server.as_str()>
            <h3 class="pane-title">
                {title}
                {move || (server == ServerName::A && live.own_server_running.get())
                    .then(|| view! { <span class="pane-badge">"your code"</span> })}
            </h3>
            <For each=move || clients.get() key=|c| c.key let(client)>
                <ChatClient
                    sandbox_id=sandbox_id.clone()
                    token=token.clone()
                    server
                    user=client.user
                    room=client.room
                    primary=client.key == 0
                />
            </For>
            <details class="add-client">
                <summary>"Add a client"</summary>
                <form on:submit=add>
                    <input type="text" aria-label="User name" placeholder="user name" maxlength="40"
                        prop:value=move || new_user.get() on:input=move |ev| new_user.set(event_target_value(&ev))/>
                    <input type="text" aria-label="Room" placeholder="room" maxlength="64"
                        prop:value=move || new_room.get() on:input=move |ev| new_room.set(event_target_value(&ev))/>
                    <button type="submit">"Connect"</button>
                </form>
            </details>
        </section>
    }
    .into_any()
}
