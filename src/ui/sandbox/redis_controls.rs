//! Redis controls: its status light, Stop Redis / Start Redis, the bridge mode where the lesson
//! enables the switch, and the live counters.

use leptos::prelude::*;

use super::live::use_live;
use super::server_fns::{set_bridge_mode, set_redis};
use crate::sandbox::wire::{BridgeMode, EventKind};
use crate::ui::answer::StillHere;

#[component]
pub fn RedisControls(show_power: bool, show_mode: bool) -> impl IntoView {
    let words = &crate::i18n::use_words().panel;
    let live = use_live();
    let problem = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let here = StillHere::new();
    let power = move |running: bool| {
        let Some(id) = live.sandbox_id() else { return };
        busy.set(true);
        here.then(set_redis(id, running), move |answer| {
            match answer {
                Ok(info) => {
                    problem.set(None);
                    live.redis_running.set(info.redis == "running");
                }
                Err(e) => problem.set(Some(plain(e))),
            }
            busy.set(false);
        });
    };
    let switch = move |ev: leptos::ev::Event| {
        let mode = match event_target_value(&ev).as_str() {
            "none" => BridgeMode::None,
            "streams" => BridgeMode::Streams,
            _ => BridgeMode::Pubsub,
        };
        let Some(id) = live.sandbox_id() else { return };
        here.then(set_bridge_mode(id, mode), move |answer| match answer {
            Ok(info) => live.mode.set(info.bridge),
            Err(e) => problem.set(Some(plain(e))),
        });
    };
    let status = move || {
        if live.redis_running.get() {
            words.redis_running.to_string()
        } else if let Some(EventKind::RedisEnded { reason, ceiling_mb, exit }) = live.redis_ended.get() {
            (words.redis_ended)(ceiling_mb, exit.as_deref(), &reason)
        } else {
            words.redis_stopped.to_string()
        }
    };
    let counters = move || live.counters.get();

    view! {
        <section class="redis-controls" aria-label="Redis">
            <p class="redis-status">
                <span class="light" class:on=move || live.redis_running.get() aria-hidden="true"></span>
                {status}
            </p>
            {show_power.then(|| view! {
                <div class="redis-buttons">
                    <button type="button" on:click=move |_| power(false) disabled=move || busy.get() || !live.redis_running.get()>{words.stop_redis}</button>
                    <button type="button" on:click=move |_| power(true) disabled=move || busy.get() || live.redis_running.get()>{words.start_redis}</button>
                </div>
            })}
            {show_mode.then(|| view! {
                <label class="bridge-mode">
                    {words.bridge_mode}
                    " "
                    <select aria-label=words.bridge_mode on:change=switch prop:value=move || live.mode.get().as_str()>
                        <option value="none">"None"</option>
                        <option value="pubsub">"Pub/Sub"</option>
                        <option value="streams">"Streams"</option>
                    </select>
                </label>
            })}
            <dl class="counters">
                <div><dt>{words.counter_sent}</dt><dd>{move || counters().sent}</dd></div>
                <div><dt>{words.counter_delivered}</dt><dd>{move || counters().delivered}</dd></div>
                <div><dt>{words.counter_lost}</dt><dd>{move || counters().lost}</dd></div>
                <div><dt>{words.counter_replayed}</dt><dd>{move || counters().replayed}</dd></div>
            </dl>
            {move || problem.get().map(|p| view! { <p class="panel-problem" role="alert">{p}</p> })}
        </section>
    }
}

/// A server function's problem as the sentence the learner reads.
pub fn plain(problem: crate::problem::Problem) -> String {
    problem.to_string()
}
