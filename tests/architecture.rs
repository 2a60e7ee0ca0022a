//! The shape of the code, checked: arrows point one way (pages → server → domains → engine) and no
//! two modules use each other, directly or round a loop. Read from the source's `use` lines and
//! full `crate::` paths, so a new import that breaks the shape fails here, with the files named.
//!
//! A directory module and its children are one unit (a child using its parent's items, or a
//! parent re-exporting a child's, is not a loop); test modules at the bottom of a file
//! (`#[cfg(test)]`), or in a file of their own (`tests.rs`, `*_tests.rs`), may reach anywhere.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// A module's path (`server::comments`) and what it refers to.
struct Module {
    file: PathBuf,
    uses: BTreeSet<String>,
}

fn module_path(src: &Path, file: &Path) -> String {
    let relative = file.strip_prefix(src).unwrap().with_extension("");
    let mut parts: Vec<String> = relative.iter().map(|p| p.to_string_lossy().into_owned()).collect();
    if parts.last().is_some_and(|p| p == "mod" || p == "lib" || p == "main") {
        parts.pop();
    }
    parts.join("::")
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") && !is_test_file(&path) {
            out.push(path);
        }
    }
}

/// A module's unit tests kept in a file of their own (`tests.rs`, `store_tests.rs`).
fn is_test_file(path: &Path) -> bool {
    path.file_stem().is_some_and(|stem| stem == "tests" || stem.to_string_lossy().ends_with("_tests"))
}

/// The code of a file without its test module and comments.
fn code_of(text: &str) -> String {
    let text = text.split("\nmod tests {").next().unwrap();
    text.lines().map(|l| l.split("//").next().unwrap()).collect::<Vec<_>>().join("\n")
}

/// Every `crate::a::b` path and every `use` of `super::`/`self::` paths, made absolute.
fn references(module: &str, code: &str) -> BTreeSet<String> {
    let mut found = BTreeSet::new();
    let word = |c: char| c.is_alphanumeric() || c == '_' || c == ':' || c == '{';
    let mut absolute = |prefix: &str, rest: &str| {
        let path: String = rest.chars().take_while(|c| word(*c)).collect();
        let path = path.split('{').next().unwrap().trim_end_matches(':');
        found.insert(if prefix.is_empty() { path.to_string() } else { format!("{prefix}::{path}") });
    };
    for (i, _) in code.match_indices("crate::") {
        absolute("", &code[i + "crate::".len()..]);
    }
    let parent = |levels: usize| {
        let mut parts: Vec<&str> = module.split("::").filter(|p| !p.is_empty()).collect();
        parts.truncate(parts.len().saturating_sub(levels));
        parts.join("::")
    };
    for (i, _) in code.match_indices("super::") {
        if i >= 2 && &code[i - 2..i] == "::" {
            continue;
        }
        let mut rest = &code[i + "super::".len()..];
        let mut levels = 1;
        while let Some(more) = rest.strip_prefix("super::") {
            rest = more;
            levels += 1;
        }
        absolute(&parent(levels), rest);
    }
    found
}

fn modules() -> BTreeMap<String, Module> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let mut modules = BTreeMap::new();
    for file in files {
        let name = module_path(&src, &file);
        let code = code_of(&std::fs::read_to_string(&file).unwrap());
        modules.insert(name.clone(), Module { uses: references(&name, &code), file });
    }
    modules
}

/// The module a path lands in: its longest prefix that is a module.
fn owner<'a>(modules: &'a BTreeMap<String, Module>, path: &str) -> Option<&'a str> {
    let mut parts: Vec<&str> = path.split("::").collect();
    while !parts.is_empty() {
        let candidate = parts.join("::");
        if let Some((name, _)) = modules.get_key_value(&candidate) {
            return Some(name);
        }
        parts.pop();
    }
    None
}

fn related(a: &str, b: &str) -> bool {
    a == b || b.starts_with(&format!("{a}::")) || a.starts_with(&format!("{b}::"))
}

fn edges(modules: &BTreeMap<String, Module>) -> BTreeMap<&str, BTreeSet<&str>> {
    let mut edges: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    for (name, module) in modules {
        for path in &module.uses {
            if let Some(target) = owner(modules, path)
                && !related(name, target)
            {
                edges.entry(name).or_default().insert(target);
            }
        }
    }
    edges
}

/// Which layer a module is in: 0 the shell and pages, 1 the server, 2 the domains (and the
/// types every layer shares: problems, routes), 3 the sandbox engine, the clock and the database
/// beneath them.
fn layer(module: &str) -> u8 {
    match module.split("::").next().unwrap() {
        "app" | "ui" | "pages" | "" => 0,
        "server" => 1,
        "sandbox" | "clock" | "database" => 3,
        _ => 2,
    }
}

#[test]
fn arrows_point_from_pages_to_the_server_to_the_domains_to_the_engine_and_never_back() {
    let modules = modules();
    let mut wrong = Vec::new();
    for (from, targets) in edges(&modules) {
        for to in targets {
            if layer(to) < layer(from) {
                wrong.push(format!("{} uses {to}", modules[from].file.display()));
            }
        }
    }
    assert!(wrong.is_empty(), "arrows pointing back up:\n{}", wrong.join("\n"));
}

#[test]
fn no_two_modules_use_each_other_even_round_a_loop() {
    let modules = modules();
    let edges = edges(&modules);
    // Tarjan's strongly connected components: any with two or more modules is a loop.
    struct Walk<'a> {
        edges: &'a BTreeMap<&'a str, BTreeSet<&'a str>>,
        index: BTreeMap<&'a str, usize>,
        low: BTreeMap<&'a str, usize>,
        stack: Vec<&'a str>,
        on_stack: BTreeSet<&'a str>,
        loops: Vec<Vec<&'a str>>,
    }
    impl<'a> Walk<'a> {
        fn visit(&mut self, v: &'a str) {
            let n = self.index.len();
            self.index.insert(v, n);
            self.low.insert(v, n);
            self.stack.push(v);
            self.on_stack.insert(v);
            for &w in self.edges.get(v).into_iter().flatten() {
                if !self.index.contains_key(w) {
                    self.visit(w);
                    self.low.insert(v, self.low[v].min(self.low[w]));
                } else if self.on_stack.contains(w) {
                    self.low.insert(v, self.low[v].min(self.index[w]));
                }
            }
            if self.low[v] == self.index[v] {
                let mut component = Vec::new();
                while let Some(w) = self.stack.pop() {
                    self.on_stack.remove(w);
                    component.push(w);
                    if w == v {
                        break;
                    }
                }
                if component.len() > 1 {
                    self.loops.push(component);
                }
            }
        }
    }
    let mut walk = Walk {
        edges: &edges,
        index: BTreeMap::new(),
        low: BTreeMap::new(),
        stack: Vec::new(),
        on_stack: BTreeSet::new(),
        loops: Vec::new(),
    };
    for name in modules.keys() {
        if !walk.index.contains_key(name.as_str()) {
            walk.visit(name);
        }
    }
    let said: Vec<String> = walk
        .loops
        .iter()
        .map(|component| {
            let members: BTreeSet<&str> = component.iter().copied().collect();
            let arrows: Vec<String> = component
                .iter()
                .flat_map(|from| {
                    edges[from].iter().filter(|to| members.contains(**to)).map(move |to| format!("  {from} → {to}"))
                })
                .collect();
            arrows.join("\n")
        })
        .collect();
    assert!(said.is_empty(), "modules that use each other:\n{}", said.join("\n\n"));
}

#[test]
fn the_checker_reads_paths_where_they_point_and_knows_the_layers() {
    // The checker itself: `super::` and `crate::` paths resolve to where they point.
    let uses = references("sandbox::registry", "use super::sandbox::Sandbox;\nlet x = crate::server::state::AppState;");
    assert!(uses.contains("sandbox::sandbox::Sandbox"), "{uses:?}");
    assert!(uses.contains("server::state::AppState"), "{uses:?}");
    let uses = references("server::sandbox_api", "use super::requester::Requester;");
    assert!(uses.contains("server::requester::Requester"), "{uses:?}");
    assert_eq!(layer("ui::comments::server_fns"), 0);
    assert_eq!(layer("server::comments"), 1);
    assert_eq!(layer("comments::store"), 2);
    assert_eq!(layer("sandbox::chat_server"), 3);
}

/// The text of the first string literal at or after `from` (plain or raw), without its quotes.
fn first_literal(code: &str, from: usize) -> Option<&str> {
    let start = from + code[from..].find('"')?;
    let raw_hashes = code[..start].chars().rev().take_while(|c| *c == '#').count();
    let is_raw = code[..start - raw_hashes].ends_with('r');
    let body = &code[start + 1..];
    let end = if is_raw {
        body.find(&format!("\"{}", "#".repeat(raw_hashes)))?
    } else {
        let mut escaped = false;
        body.char_indices()
            .find(|&(_, c)| {
                let closes = c == '"' && !escaped;
                escaped = c == '\\' && !escaped;
                closes
            })?
            .0
    };
    Some(&body[..end])
}

#[test]
fn every_query_is_written_once_for_both_databases_with_numbered_placeholders() {
    // SQLite takes `?` and `$N`, PostgreSQL only `$N`, and sqlx's Any driver passes the text
    // through: a `?` passes every SQLite test and fails on PostgreSQL.
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let mut wrong = Vec::new();
    for file in files {
        let code = std::fs::read_to_string(&file).unwrap();
        for (at, _) in code.match_indices("sqlx::query") {
            let Some(sql) = first_literal(&code, at) else { continue };
            for word in ["?", "INSERT OR ", "BEGIN IMMEDIATE", "PRAGMA", "AUTOINCREMENT", "strftime"] {
                if sql.contains(word) {
                    let line = code[..at].lines().count() + 1;
                    wrong.push(format!("{}:{line}: `{word}` in {sql:?}", file.display()));
                }
            }
        }
    }
    // The one place a dialect's own statement belongs, and the SQLite-only checks of its tests.
    wrong.retain(|w| !w.contains("src/database/"));
    assert!(wrong.is_empty(), "SQL only one database runs:\n{}", wrong.join("\n"));
}

#[test]
fn the_sql_checker_reads_literals_plain_and_raw() {
    assert_eq!(
        first_literal(r#"sqlx::query("SELECT a FROM t WHERE b = \"?\"")"#, 0),
        Some(r#"SELECT a FROM t WHERE b = \"?\""#)
    );
    assert_eq!(first_literal(r##"sqlx::query(r#"SELECT "a" FROM t"#)"##, 0), Some(r#"SELECT "a" FROM t"#));
}
