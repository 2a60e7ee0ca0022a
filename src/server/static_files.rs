//! The site's static files (`/pkg/…`: the wasm bundle and its chunks, the loader scripts, the
//! style) as the server finds them at start, and how they are sent.
//!
//! A release build names each file by a hash of its content (`hash-files`: `streamlab.<hash>.wasm`)
//! and leaves a `hash.txt` saying which; the scripts put it beside the files. A file whose name
//! holds the hash of what it holds never changes, so it is sent once and kept by the browser for a
//! year (`immutable`). Every other file (a `cargo leptos watch` build, the wasm-bindgen snippets,
//! and the main script and bundle, see [`named_by_content`]) is asked again each time, and a
//! revalidation of an unchanged file gets a 304: a repeat visit downloads none of them.
//!
//! The build also leaves each file beside its brotli and gzip forms (`--precompress`), and they
//! are sent to browsers that accept them; a later build without that flag rewrites the files and
//! leaves the old forms beside them. Sent, they would be an old bundle under a new name: a page
//! that never hydrates. So a compressed form older than its file is removed here, and the file
//! goes compressed on the fly instead.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use axum::extract::{Request, State};
use axum::http::header::{CACHE_CONTROL, VARY};
use axum::http::{HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::Response;
use tower_http::services::ServeDir;

/// How long a browser keeps a file whose name holds its hash: a year, without asking again.
const HASHED: HeaderValue = HeaderValue::from_static("public, max-age=31536000, immutable");
/// A file without a hash in its name: kept, but asked again before each use.
const UNHASHED: HeaderValue = HeaderValue::from_static("no-cache");

/// The `hash.txt` that names this site's files, if the site's files are hashed: the one the
/// scripts put in the site's root, or the one cargo-leptos leaves beside the binary it built,
/// whichever names files that are there and is not older than an unhashed build's script (`cargo
/// leptos watch` hashes its first build only, and writes its later ones unhashed beside it).
///
/// Leptos reads it to name the bundle in each page (`LeptosOptions::hash_file`, an absolute
/// path), and panics on a page whose hash file has gone: the site may be rebuilt under a running
/// server (the tests build it beside their apps), so it is read from a copy kept at `keep_at`.
pub fn hash_file(site_root: &Path, pkg_dir: &str, output_name: &str, keep_at: &Path) -> Option<PathBuf> {
    let pkg = site_root.join(pkg_dir);
    let modified = |path: &Path| path.metadata().and_then(|m| m.modified()).ok();
    let unhashed_script = modified(&pkg.join(format!("{output_name}.js")));
    let beside_binary = std::env::current_exe().ok().and_then(|exe| Some(exe.parent()?.join("hash.txt")));
    let found = [Some(site_root.join("hash.txt")), beside_binary].into_iter().flatten().find(|candidate| {
        let Ok(hashes) = std::fs::read_to_string(candidate) else { return false };
        let names_a_script = hashes
            .lines()
            .filter_map(|line| line.split_once(':'))
            .any(|(kind, hash)| kind.trim() == "js" && pkg.join(format!("{output_name}.{}.js", hash.trim())).is_file());
        let outdated = unhashed_script.is_some_and(|built| modified(candidate).is_none_or(|hashed| hashed < built));
        names_a_script && !outdated
    })?;
    std::fs::copy(found, keep_at).ok()?;
    // Absolute: Leptos joins it to the running binary's folder.
    std::path::absolute(keep_at).ok()
}

/// A content hash as cargo-leptos writes it in a file's name: MD5, URL-safe base64, no padding.
pub fn content_hash(bytes: &[u8]) -> String {
    use base64::Engine;
    use md5::Digest;
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(md5::Md5::digest(bytes))
}

/// The files directly under `pkg_dir` whose names hold the hash of what they hold: only those may
/// be kept a year. cargo-leptos names the main script and bundle by their content *before* it
/// rewrites them to point at the split loader's final name, so their names need not change when
/// their content does (a build that changed only lazy chunks); kept a year, a returning browser
/// would run a script that asks for a loader that is gone. They are revalidated instead.
pub fn named_by_content(pkg_dir: &Path) -> HashSet<String> {
    let Ok(entries) = std::fs::read_dir(pkg_dir) else { return HashSet::new() };
    entries
        .flatten()
        .filter_map(|entry| {
            let name = entry.file_name().into_string().ok()?;
            if !name_holds_hash(&name) || name.ends_with(".br") || name.ends_with(".gz") {
                return None;
            }
            let hash = content_hash(&std::fs::read(entry.path()).ok()?);
            name.split('.').any(|part| part == hash).then_some(name)
        })
        .collect()
}

/// `/pkg/…`: the files as they are (or their brotli or gzip form, whichever the browser takes),
/// with a 304 for a revalidation, and kept for a year when their name holds their content's hash.
pub fn pkg_service(pkg_dir: &Path) -> axum::Router {
    let kept = Arc::new(named_by_content(pkg_dir));
    axum::Router::new()
        .fallback_service(ServeDir::new(pkg_dir).precompressed_br().precompressed_gzip())
        .layer(axum::middleware::from_fn_with_state(kept, cache_control))
}

async fn cache_control(State(kept): State<Arc<HashSet<String>>>, request: Request, next: Next) -> Response {
    let path = request.uri().path();
    let hashed = kept.contains(path.rsplit('/').next().unwrap_or(path));
    let mut response = next.run(request).await;
    if response.status().is_success() || response.status() == StatusCode::NOT_MODIFIED {
        let headers = response.headers_mut();
        headers.insert(CACHE_CONTROL, if hashed { HASHED } else { UNHASHED });
        // Brotli to one browser, gzip to another: no cache between may mix them up.
        headers.entry(VARY).or_insert(HeaderValue::from_static("accept-encoding"));
    }
    response
}

/// Whether a file's name holds a content hash as cargo-leptos writes it: a part of 22 URL-safe
/// base64 characters between dots (`chunk_12.<hash>.wasm`, `__wasm_split.<hash>.js`).
fn name_holds_hash(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or(path);
    let parts: Vec<&str> = name.split('.').collect();
    parts.len() >= 3
        && parts[1..parts.len() - 1].iter().any(|part| {
            part.len() == 22
                && part.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
                // The split loader's name before hashing: its placeholder.
                && !part.bytes().all(|b| b == b'_')
        })
}

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

    #[test]
    fn only_a_name_that_holds_a_hash_is_kept_for_a_year() {
        for (path, hashed) in [
            ("/streamlab.eYd2kM0vQ4LhZxP3r9sT1w.wasm", true),
            ("/chunk_12.AAAAAAAAAAAAAAAAAAAA-_.wasm", true),
            ("/__wasm_split.b3VyX2hhc2hfaGVyZV9fXw.js", true),
            ("/__wasm_split_manifest.b3VyX2hhc2hfaGVyZV9fXw.json", true),
            ("/streamlab.wasm", false),
            ("/__wasm_split.______________________.js", false),
            ("/snippets/leptos-use-0123/inline0.js", false),
            ("/eYd2kM0vQ4LhZxP3r9sT1w.js", false),
            ("/streamlab.short.css", false),
        ] {
            assert_eq!(name_holds_hash(path), hashed, "{path}");
        }
    }

    /// Sets when a file changed last.
    fn touch(path: &Path, at: SystemTime) {
        std::fs::File::options().write(true).open(path).unwrap().set_modified(at).unwrap();
    }

    #[test]
    fn the_hash_file_is_found_by_the_files_it_names_and_read_from_a_copy_at_an_absolute_path() {
        // Relative, as `LEPTOS_SITE_ROOT=target/site` gives it: Leptos would look for a relative
        // path beside the binary, and every page would fail.
        let here = std::env::current_dir().unwrap();
        let site = tempfile::tempdir_in(&here).unwrap();
        let relative = site.path().strip_prefix(&here).unwrap();
        let kept = site.path().join("kept.txt");
        std::fs::create_dir(site.path().join("pkg")).unwrap();
        std::fs::write(site.path().join("hash.txt"), "js: eYd2kM0vQ4LhZxP3r9sT1w\n").unwrap();
        assert_eq!(hash_file(relative, "pkg", "app", &kept), None, "names a file that is not there");
        std::fs::write(site.path().join("pkg/app.eYd2kM0vQ4LhZxP3r9sT1w.js"), "").unwrap();
        let found = hash_file(relative, "pkg", "app", &kept).expect("names a file that is there");
        assert!(found.is_absolute() && found.ends_with("kept.txt"), "{found:?}");
        // The site rebuilt under the server: pages still find the hashes they were given.
        std::fs::remove_file(site.path().join("hash.txt")).unwrap();
        assert_eq!(std::fs::read_to_string(&found).unwrap(), "js: eYd2kM0vQ4LhZxP3r9sT1w\n");
        // A later build without hashing (`cargo leptos watch`) wrote the unhashed script after it.
        std::fs::write(site.path().join("hash.txt"), "js: eYd2kM0vQ4LhZxP3r9sT1w\n").unwrap();
        let old = std::time::SystemTime::now() - Duration::from_secs(60);
        touch(&site.path().join("hash.txt"), old);
        std::fs::write(site.path().join("pkg/app.js"), "").unwrap();
        assert_eq!(hash_file(relative, "pkg", "app", &kept), None, "outdated by an unhashed build");
    }

    #[test]
    fn only_a_file_whose_name_holds_the_hash_of_its_content_is_kept_a_year() {
        let pkg = tempfile::tempdir().unwrap();
        let content = b"the chunk";
        let true_name = format!("chunk_1.{}.wasm", content_hash(content));
        std::fs::write(pkg.path().join(&true_name), content).unwrap();
        std::fs::write(pkg.path().join(format!("{true_name}.br")), "compressed").unwrap();
        // Renamed by its content, then rewritten (cargo-leptos does so to the main script).
        let rewritten = format!("app.{}.js", content_hash(b"before"));
        std::fs::write(pkg.path().join(&rewritten), "after").unwrap();
        std::fs::write(pkg.path().join("app.js"), "unhashed").unwrap();
        assert_eq!(named_by_content(pkg.path()), HashSet::from([true_name]));
        assert_eq!(content_hash(b""), "1B2M2Y8AsgTpgAmY7PhCfg", "as cargo-leptos names an empty file");
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
