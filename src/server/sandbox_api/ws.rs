//! `GET /sandbox/{id}/servers/{a|b}/ws?room=R&user=U[&session=S&after=N][&token=T]`: join a room
//! on one of the sandbox's chat servers (with a session, as that session's user: lesson 5).
//! Refused with 429 before the upgrade when the sandbox or the client's address has no connection
//! left, or the sandbox no room left. The connection task is tracked by the app's shutdown and
//! holds its places until it ends.

use axum::extract::{Path, Query, State, WebSocketUpgrade};
use axum::response::Response;
use serde::Deserialize;

use super::{UpgradeAccess, find, websocket_places};
use crate::sandbox::connection::{self, ConnectionSettings};
use crate::sandbox::learner_relay::{self, RelaySettings};
use crate::sandbox::protocol::{MAX_FRAME_BYTES, ServerName, valid_room, valid_user};
use crate::sandbox::refusal::SandboxRefusal;
use crate::server::client_addr::ClientAddr;
use crate::server::state::AppState;

/// Reads larger than this fail at the WebSocket layer; frames between `MAX_FRAME_BYTES` and this
/// are read and answered with close code 1009 by the connection itself.
const HARD_FRAME_CAP: usize = 4 * MAX_FRAME_BYTES;

#[derive(Deserialize)]
pub struct JoinQuery {
    room: Option<String>,
    user: Option<String>,
    /// A session to come back with (lesson 5), and the last private message number held.
    session: Option<String>,
    after: Option<u64>,
}

pub async fn connect(
    State(state): State<AppState>,
    UpgradeAccess(access): UpgradeAccess,
    ClientAddr(address): ClientAddr,
    Path((id, server)): Path<(String, String)>,
    Query(q): Query<JoinQuery>,
    headers: axum::http::HeaderMap,
    upgrade: WebSocketUpgrade,
) -> Result<Response, crate::problem::Problem> {
    let sandbox = find(&state, &id, &access)?;
    let server = ServerName::parse(&server).ok_or(SandboxRefusal::Ended)?;
    let room = q.room.unwrap_or_else(|| "lobby".to_string());
    if !valid_room(&room) {
        return Err(SandboxRefusal::BadRoom.into());
    }
    let user = q.user.unwrap_or_else(|| format!("guest-{}", &sandbox.id.as_str()[..4]));
    if !valid_user(&user) {
        return Err(SandboxRefusal::BadUser.into());
    }
    let (sandbox_slot, address_permit) = websocket_places(&state, &sandbox, address)?;
    if !sandbox.rooms.admit(&room) {
        return Err(SandboxRefusal::TooManyRooms(sandbox.rooms.capacity()).into());
    }
    let config = state.sandboxes.config();
    let settings = ConnectionSettings {
        room,
        user,
        message_rate: config.message_rate,
        message_burst: config.message_burst,
        write_timeout: config.write_timeout,
        // Browsers always send `Origin` on a WebSocket upgrade; websocat and scripts do not.
        own_client: !headers.contains_key(axum::http::header::ORIGIN),
        // Anything but a session id we could have made is no session at all.
        session: q.session.filter(|s| !s.is_empty() && s.len() <= 64 && s.bytes().all(|b| b.is_ascii_alphanumeric())),
        after: q.after.unwrap_or(0),
    };
    let relay_to = match server {
        ServerName::A => sandbox.learner_server().await,
        ServerName::B => None,
    };
    let chat_server = sandbox.server(server).clone();
    let shutdown = state.shutdown.clone();
    let held = super::hold_open(&state, &sandbox, &access);
    Ok(upgrade
        // Idle sockets pay for their read buffer: keep it small (frames are small JSON).
        .read_buffer_size(4 * 1024)
        .max_message_size(HARD_FRAME_CAP)
        .max_frame_size(HARD_FRAME_CAP)
        // Tracked, so shutdown waits for the socket to close (axum's graceful shutdown does not).
        .on_upgrade(move |socket| {
            let stop = held.ended();
            shutdown.track(async move {
                // Held for the connection's life; dropped (given back) when it ends.
                let _places = (sandbox_slot, address_permit, held);
                match relay_to {
                    // Server A is the learner's own process: relay, and watch the frames.
                    Some((learner_socket, output)) => {
                        let relay = RelaySettings {
                            room: settings.room,
                            user: settings.user,
                            own_client: settings.own_client,
                            bridge: sandbox.bridge_mode(),
                            message_rate: settings.message_rate,
                            message_burst: settings.message_burst,
                        };
                        let (events, ids) = (sandbox.events.clone(), sandbox.relay_ids.clone());
                        // Boxed: the relay's state is larger than a chat connection's, and every
                        // idle socket of our own servers would otherwise pay for it.
                        Box::pin(learner_relay::serve(socket, &learner_socket, relay, events, output, ids, stop)).await;
                    }
                    None => connection::serve(socket, chat_server, settings, stop).await,
                }
            })
        }))
}
