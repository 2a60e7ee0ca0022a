//! "Your server A": the learner's Python file in an editor (a textarea with line numbers; Tab
//! indents, Esc then Tab leaves), Run, Stop and Reset code, and the server's log as it runs. Run
//! starts the code as the sandbox's server A, and server A's clients reconnect to it; Stop gives
//! server A back to ours. The draft survives a reload (kept in the browser, per lesson).

use leptos::prelude::*;

use super::live::use_live;
use super::redis_controls::plain;
use super::server_fns::{run_own_server, stop_own_server};
use crate::sandbox::wire::OwnServerRun;
use crate::ui::answer::StillHere;

/// Spaces a Tab puts in (Python's own convention).
#[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
const INDENT: &str = "    ";

#[derive(Clone, Debug, PartialEq)]
enum Attempt {
    None,
    Starting,
    /// The last Run did not start: its log, or the problem in words.
    Failed(String),
}

#[component]
pub fn OwnServer(sandbox_id: String, lesson: String, starting_code: String) -> impl IntoView {
    let words = &crate::i18n::use_words().panel;
    let live = use_live();
    // A draft belongs to one version of the starting code: when the lesson's file changes, the
    // learner starts from the new one.
    let draft_key = format!("streamlab.own-server.{lesson}.{:016x}", fnv1a(&starting_code));
    let code = RwSignal::new(starting_code.clone());
    let attempt = RwSignal::new(Attempt::None);
    let leaving = StoredValue::new(false);
    let gutter = NodeRef::<leptos::html::Pre>::new();

    // The draft kept in the browser: read once, written on every change.
    #[cfg(feature = "hydrate")]
    {
        let storage = web_sys::window().and_then(|w| w.local_storage().ok().flatten());
        if let Some(saved) = storage.as_ref().and_then(|s| s.get_item(&draft_key).ok().flatten()) {
            code.set(saved);
        }
        let key = draft_key.clone();
        Effect::new(move |first: Option<()>| {
            let text = code.get();
            if first.is_some()
                && let Some(storage) = web_sys::window().and_then(|w| w.local_storage().ok().flatten())
            {
                let _ = storage.set_item(&key, &text);
            }
        });
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = &draft_key;

    let line_numbers = move || {
        let lines = code.with(|c| c.split('\n').count());
        (1..=lines).map(|n| n.to_string()).collect::<Vec<_>>().join("\n")
    };
    let here = StillHere::new();
    let run = {
        let id = sandbox_id.clone();
        move |_| {
            let id = id.clone();
            attempt.set(Attempt::Starting);
            here.then(run_own_server(id, code.get_untracked()), move |outcome| {
                attempt.set(match outcome {
                    Ok(OwnServerRun::Started { .. }) => Attempt::None,
                    Ok(OwnServerRun::DidNotStart { log }) => Attempt::Failed(log),
                    Err(problem) => Attempt::Failed(plain(problem)),
                });
            });
        }
    };
    let stop = {
        let id = sandbox_id.clone();
        move |_| {
            let id = id.clone();
            leptos::task::spawn_local(async move {
                let _ = stop_own_server(id).await;
            });
        }
    };
    let reset = move |_| {
        #[cfg(feature = "hydrate")]
        {
            let sure =
                web_sys::window().and_then(|w| w.confirm_with_message(words.reset_code_confirm).ok()).unwrap_or(false);
            if !sure {
                return;
            }
        }
        code.set(starting_code.clone());
    };
    let on_key = move |ev: leptos::ev::KeyboardEvent| {
        if ev.key() == "Escape" {
            leaving.set_value(true);
            return;
        }
        if ev.key() != "Tab" || ev.shift_key() || leaving.get_value() {
            leaving.set_value(false);
            return;
        }
        ev.prevent_default();
        #[cfg(feature = "hydrate")]
        {
            use wasm_bindgen::JsCast;
            if let Some(area) = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlTextAreaElement>().ok()) {
                let (start, end) = (area.selection_start().ok().flatten(), area.selection_end().ok().flatten());
                if let (Some(start), Some(end)) = (start, end) {
                    let _ = area.set_range_text_with_start_and_end_and_mode(INDENT, start, end, "end");
                    code.set(area.value());
                }
            }
        }
    };
    let follow_scroll = move |ev: leptos::ev::Event| {
        #[cfg(feature = "hydrate")]
        {
            use wasm_bindgen::JsCast;
            if let (Some(area), Some(gutter)) =
                (ev.target().and_then(|t| t.dyn_into::<web_sys::Element>().ok()), gutter.get())
            {
                gutter.set_scroll_top(area.scroll_top());
            }
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = (ev, gutter);
    };
    let status = move || match (attempt.get(), live.own_server_running.get()) {
        (Attempt::Starting, _) => words.own_starting,
        (_, true) => words.own_running,
        (Attempt::Failed(_), false) => words.own_failed,
        (Attempt::None, false) => words.own_not_running,
    };
    let failure = move || match attempt.get() {
        Attempt::Failed(log) => Some(view! { <pre class="own-server-failure" tabindex="0">{log}</pre> }),
        _ => None,
    };

    view! {
        <section class="own-server" aria-label=words.your_server_a>
            <h3 class="pane-title">{words.your_server_a}</h3>
            <p class="own-server-status" role="status" class:running=move || live.own_server_running.get()>{status}</p>
            <div class="code-editor">
                <pre class="line-numbers" aria-hidden="true" node_ref=gutter>{line_numbers}</pre>
                <textarea
                    aria-label="bridge.py"
                    aria-describedby="own-server-keys"
                    spellcheck="false"
                    autocapitalize="off"
                    autocomplete="off"
                    wrap="off"
                    prop:value=move || code.get()
                    on:input=move |ev| code.set(event_target_value(&ev))
                    on:keydown=on_key
                    on:scroll=follow_scroll
                ></textarea>
            </div>
            <p id="own-server-keys" class="own-server-keys">{words.editor_keys}</p>
            <div class="own-server-actions">
                <button type="button" class="primary" on:click=run disabled=move || attempt.get() == Attempt::Starting>
                    {words.run}
                </button>
                <button type="button" on:click=stop disabled=move || !live.own_server_running.get()>{words.stop}</button>
                <button type="button" class="link-button" on:click=reset>{words.reset_code}</button>
            </div>
            {failure}
            <section class="own-server-log" aria-label=words.server_a_log>
                <h4>{words.server_a_log}</h4>
                <ol role="log" tabindex="0">
                    <For each=move || live.own_server_log.get() key=|line| line.seq let(line)>
                        <li class:platform=line.platform>{(words.platform_line)(line.key.as_deref(), &line.args, &line.text)}</li>
                    </For>
                </ol>
            </section>
        </section>
    }
}

/// A short fingerprint of a text (FNV-1a, 64 bits): enough to tell versions of a file apart.
fn fnv1a(text: &str) -> u64 {
    text.bytes().fold(0xcbf2_9ce4_8422_2325, |hash, byte| (hash ^ u64::from(byte)).wrapping_mul(0x0000_0100_0000_01b3))
}
