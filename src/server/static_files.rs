//! The site's static files as the server finds them at start. A release build leaves each file
//! beside its brotli and gzip forms (`--precompress`), and the file handler sends those to
//! browsers that accept them; a later build without that flag (`cargo leptos watch`) rewrites
//! the files and leaves the old forms beside them. Sent, they would be an old bundle under a new
//! name: a page that never hydrates. So a compressed form older than its file is removed here,
//! and the file goes compressed on the fly instead.

use std::path::Path;

/// Removes each `NAME.br` and `NAME.gz` under `dir` older than `NAME`, or whose `NAME` is gone;
/// returns how many. A directory that cannot be read has none.
pub fn drop_stale_compressed(dir: &Path) -> usize {
    let Ok(entries) = std::fs::read_dir(dir) else { return 0 };
    let modified = |path: &Path| path.metadata().and_then(|m| m.modified()).ok();
    let mut dropped = 0;
    for path in entries.flatten().map(|entry| entry.path()) {
        if !matches!(path.extension().and_then(|e| e.to_str()), Some("br" | "gz")) {
            continue;
        }
        let source = path.with_extension("");
        let stale = match (modified(&path), modified(&source)) {
            (Some(compressed), Some(file)) => compressed < file,
            (_, None) => true,
            (None, Some(_)) => false,
        };
        if stale && std::fs::remove_file(&path).is_ok() {
            dropped += 1;
        }
    }
    dropped
}

#[cfg(test)]
mod tests {
    use std::time::{Duration, SystemTime};

    use super::*;

    /// Sets when a file changed last.
    fn touch(path: &Path, at: SystemTime) {
        std::fs::File::options().write(true).open(path).unwrap().set_modified(at).unwrap();
    }

    #[test]
    fn a_compressed_form_older_than_its_file_or_without_one_is_dropped() {
        let dir = tempfile::tempdir().unwrap();
        let at = |name: &str| dir.path().join(name);
        for name in ["app.wasm", "app.wasm.br", "app.wasm.gz", "app.js", "app.js.br", "gone.css.gz"] {
            std::fs::write(at(name), name).unwrap();
        }
        let now = SystemTime::now();
        // app.wasm rebuilt after its compressed forms; app.js compressed after it was built.
        touch(&at("app.wasm.br"), now - Duration::from_secs(60));
        touch(&at("app.wasm.gz"), now - Duration::from_secs(60));
        touch(&at("app.js"), now - Duration::from_secs(60));
        assert_eq!(drop_stale_compressed(dir.path()), 3);
        let left: Vec<_> = ["app.wasm", "app.wasm.br", "app.wasm.gz", "app.js", "app.js.br", "gone.css.gz"]
            .into_iter()
            .filter(|name| at(name).exists())
            .collect();
        assert_eq!(left, ["app.wasm", "app.js", "app.js.br"]);
        assert_eq!(drop_stale_compressed(&dir.path().join("missing")), 0);
    }
}
