//! `GET /sandbox/{id}/console[?token=T]`: the sandbox's Redis console, a WebSocket whose text
//! frames are command lines. It takes one of the sandbox's WebSocket places and one of the
//! address's connections, like a chat client; the console itself does the rest.

use axum::extract::{Path, State, WebSocketUpgrade};
use axum::response::Response;

use super::{UpgradeAccess, find, hold_open, websocket_places};
use crate::sandbox::console::command::MAX_LINE_BYTES;
use crate::sandbox::console::session;
use crate::server::client_addr::ClientAddr;
use crate::server::state::AppState;

pub async fn connect(
    State(state): State<AppState>,
    UpgradeAccess(access): UpgradeAccess,
    ClientAddr(address): ClientAddr,
    Path(id): Path<String>,
    upgrade: WebSocketUpgrade,
) -> Result<Response, crate::problem::Problem> {
    let sandbox = find(&state, &id, &access)?;
    let (sandbox_slot, address_permit) = websocket_places(&state, &sandbox, address)?;
    let write_timeout = state.sandboxes.config().write_timeout;
    let shutdown = state.shutdown.clone();
    let held = hold_open(&state, &sandbox, &access);
    Ok(upgrade
        // A line longer than the console reads is refused in words; far longer ones by the socket.
        .max_message_size(2 * MAX_LINE_BYTES)
        .max_frame_size(2 * MAX_LINE_BYTES)
        .on_upgrade(move |socket| {
            let stop = held.ended();
            shutdown.track(async move {
                let _places = (sandbox_slot, address_permit, held);
                session::serve(socket, sandbox, write_timeout, stop).await;
            })
        }))
}
