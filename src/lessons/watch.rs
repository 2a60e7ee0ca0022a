//! Hot reload for authors: watches the lessons directory, and each language's folder of
//! translations in it (`lessons/ko/`), and reloads the library when a file changes. Saves arrive as bursts of file events (write, rename, chmod), so events are gathered
//! for a short moment and the directory is read once per burst.

use std::sync::Arc;
use std::time::Duration;

use notify::{RecursiveMode, Watcher};
use tokio::sync::mpsc;

use super::library::LessonLibrary;

/// How long after the first event of a burst the directory is read.
const SETTLE: Duration = Duration::from_millis(60);

/// Watches until `stop` completes. Errors (no inotify, a vanished directory) are logged: the
/// site keeps serving the lessons it has.
pub async fn watch_lessons(library: Arc<LessonLibrary>, stop: impl Future<Output = ()>) {
    let (events, mut changed) = mpsc::channel::<()>(64);
    let watcher = notify::recommended_watcher(move |event: notify::Result<notify::Event>| {
        if event.is_ok_and(|e| !e.kind.is_access()) {
            let _ = events.try_send(());
        }
    });
    let mut watcher = match watcher {
        Ok(w) => w,
        Err(e) => return tracing::error!("cannot watch lessons: {e}"),
    };
    if let Err(e) = watcher.watch(library.dir(), RecursiveMode::NonRecursive) {
        return tracing::error!("cannot watch {}: {e}", library.dir().display());
    }
    // Not recursive: the lessons' code and samples folders (a Python environment among them)
    // are not lessons. A language's folder made after the start is seen at the next start.
    for lang in crate::i18n::Lang::ALL {
        let translations = library.dir().join(lang.code());
        if translations.is_dir()
            && let Err(e) = watcher.watch(&translations, RecursiveMode::NonRecursive)
        {
            tracing::warn!("cannot watch {}: {e}", translations.display());
        }
    }
    tracing::info!(dir = %library.dir().display(), "watching lessons for changes");
    library.set_watched();
    tokio::pin!(stop);
    loop {
        tokio::select! {
            () = &mut stop => return,
            event = changed.recv() => {
                if event.is_none() {
                    return;
                }
                tokio::time::sleep(SETTLE).await;
                while changed.try_recv().is_ok() {}
                let library = library.clone();
                let catalog = tokio::task::spawn_blocking(move || library.reload()).await;
                if let Ok(catalog) = catalog {
                    tracing::info!(lessons = catalog.published_count(), problems = catalog.problems().len(), "lessons reloaded");
                    for problem in catalog.problems() {
                        tracing::warn!("lesson problem: {problem}");
                    }
                }
            }
        }
    }
}
