//! The lessons the server serves: the catalog of one directory, swapped whole when the files
//! change (hot reload for authors), so a request always sees one consistent catalog.

use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock};

use tokio::sync::broadcast;

use super::catalog::Catalog;

pub struct LessonLibrary {
    dir: PathBuf,
    current: RwLock<Arc<Catalog>>,
    /// Tells open pages that the lessons changed (development mode).
    changes: broadcast::Sender<()>,
    watched: std::sync::atomic::AtomicBool,
}

impl LessonLibrary {
    pub fn load(dir: &Path) -> LessonLibrary {
        let catalog = Catalog::load(dir);
        LessonLibrary {
            dir: dir.to_path_buf(),
            current: RwLock::new(Arc::new(catalog)),
            changes: broadcast::channel(16).0,
            watched: Default::default(),
        }
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Whether a watcher reloads this library when files change (development mode).
    pub fn is_watched(&self) -> bool {
        self.watched.load(std::sync::atomic::Ordering::Relaxed)
    }

    pub fn set_watched(&self) {
        self.watched.store(true, std::sync::atomic::Ordering::Relaxed);
    }

    pub fn current(&self) -> Arc<Catalog> {
        self.current.read().expect("library lock").clone()
    }

    /// Reads the directory again and swaps the catalog in; tells followers.
    pub fn reload(&self) -> Arc<Catalog> {
        let catalog = Arc::new(Catalog::load(&self.dir));
        *self.current.write().expect("library lock") = catalog.clone();
        let _ = self.changes.send(());
        catalog
    }

    pub fn follow_changes(&self) -> broadcast::Receiver<()> {
        self.changes.subscribe()
    }
}
