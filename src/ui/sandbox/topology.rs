//! The topology picture, the panel's headline: server A, Redis and server B, the links between
//! them and each server's clients. A message is a dot travelling its real path (down to the
//! server's own clients, or up through Redis and over to the other server); a stopped Redis
//! greys out and its links turn red; a lost message fades where it stopped. The paths live in
//! the stylesheet (CSS motion paths), which also honours `prefers-reduced-motion`.

use leptos::prelude::*;

use super::live::{FlightPath, Link, use_live};
use crate::sandbox::wire::ServerName;

#[component]
pub fn Topology() -> impl IntoView {
    let words = &crate::i18n::use_words().panel;
    let live = use_live();
    let link_class = move |index: usize| {
        move || {
            let link = live.links.get()[index];
            match (live.redis_running.get(), link) {
                (_, Link::Off) => "link off",
                (false, _) | (_, Link::Down) => "link down",
                _ => "link up",
            }
        }
    };
    let clients = move |server: ServerName| {
        move || {
            let n = live.clients.get()[if server == ServerName::A { 0 } else { 1 }];
            (words.clients)(n)
        }
    };
    let describe = move || (words.topology)(live.redis_running.get(), live.mode.get().as_str());
    view! {
        <figure class="topology">
            <svg viewBox="0 0 320 150" role="img" aria-label=describe>
                <line x1="70" y1="80" x2="160" y2="30" class=link_class(0)/>
                <line x1="250" y1="80" x2="160" y2="30" class=link_class(1)/>
                <line x1="70" y1="114" x2="70" y2="128" class="link client-link"/>
                <line x1="250" y1="114" x2="250" y2="128" class="link client-link"/>
                <g class="node redis" class:stopped=move || !live.redis_running.get()>
                    <circle cx="160" cy="30" r="20"/>
                    <text x="160" y="34" text-anchor="middle">"Redis"</text>
                </g>
                <g class="node server">
                    <rect x="25" y="80" width="90" height="34" rx="6"/>
                    <text x="70" y="101" text-anchor="middle">{(words.server)("A")}</text>
                </g>
                <g class="node server">
                    <rect x="205" y="80" width="90" height="34" rx="6"/>
                    <text x="250" y="101" text-anchor="middle">{(words.server)("B")}</text>
                </g>
                <text x="70" y="143" text-anchor="middle" class="clients">{clients(ServerName::A)}</text>
                <text x="250" y="143" text-anchor="middle" class="clients">{clients(ServerName::B)}</text>
                <For each=move || live.flights.get() key=|f| f.key.clone() let(flight)>
                    <circle r="5" class=flight_class(flight.from, flight.path)/>
                </For>
            </svg>
        </figure>
    }
}

/// The stylesheet's motion path for a message: `flight from-a through`, etc.
fn flight_class(from: ServerName, path: FlightPath) -> String {
    let way = match path {
        FlightPath::Local => "local",
        FlightPath::ThroughRedis => "through",
        FlightPath::LostAtRedis => "lost",
    };
    format!("flight from-{} {way}", from.as_str())
}
