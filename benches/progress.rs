//! The progress benchmark: prints figures, asserts nothing (these machines are shared and noisy).
//! Run with `cargo bench --features ssr --bench progress`.
//!
//! - **Award latency**: a learner's page has its live stream open; the learner claims an award
//!   ("Mark as read"); measured until the stream says the progress changed, and until the page
//!   has read the new summary (what moves the level bar). The app runs as its own process (the
//!   release binary); this process is the browser.
//! - **1,000 concurrent awards**: in the ledger directly (1,000 learners at once, then 1,000
//!   claims of one award), and through HTTP (1,000 learners marking a lesson read at once, each
//!   award followed by the achievements' settling): rows written, time, errors.

mod common;

use std::time::{Duration, Instant};

use futures_util::future::join_all;
use leptos::server_fn::ServerFn;
use streamlab::ui::progress::server_fns::{GetProgress, MarkLessonRead};

const LATENCY_SAMPLES: usize = 200;
const CONCURRENT: usize = 1_000;

struct App {
    server: common::Server,
    base: String,
}

impl App {
    async fn start() -> App {
        // One client process is every learner here: lift the per-address limits.
        let server =
            common::Server::start(&["--new-learners-per-minute", "1000000", "--connections-per-address", "100000"])
                .await;
        App { base: format!("http://{}", server.addr), server }
    }

    fn learner(&self) -> reqwest::Client {
        reqwest::Client::builder().cookie_store(true).pool_max_idle_per_host(1).build().unwrap()
    }

    async fn mark_read(&self, http: &reqwest::Client, slug: &str) -> bool {
        let url = format!("{}{}", self.base, MarkLessonRead::url());
        let response = http.post(url).header("accept", "application/json").form(&[("slug", slug)]).send().await;
        response.is_ok_and(|r| r.status().is_success())
    }

    async fn summary(&self, http: &reqwest::Client) -> serde_json::Value {
        let url = format!("{}{}", self.base, GetProgress::url());
        http.post(url).header("accept", "application/json").send().await.unwrap().json().await.unwrap()
    }
}

/// Reads the live stream until a `progress_changed` message.
async fn progress_changed(stream: &mut reqwest::Response, buffer: &mut String) {
    loop {
        if let Some(end) = buffer.find("\n\n") {
            let block: String = buffer.drain(..end + 2).collect();
            if block.contains("\"progress_changed\"") {
                return;
            }
            continue;
        }
        let chunk = tokio::time::timeout(Duration::from_secs(10), stream.chunk()).await.unwrap().unwrap().unwrap();
        buffer.push_str(std::str::from_utf8(&chunk).unwrap());
    }
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    sorted[((sorted.len() as f64 - 1.0) * p).round() as usize]
}

async fn award_latency(app: &App) {
    let (mut to_stream, mut to_summary) = (Vec::new(), Vec::new());
    for _ in 0..LATENCY_SAMPLES {
        let http = app.learner();
        // The first award gives the learner their identity; the page's stream then opens.
        assert!(app.mark_read(&http, "push-not-poll").await);
        let mut stream = http.get(format!("{}/api/live?lesson=horizontal-scaling", app.base)).send().await.unwrap();
        assert_eq!(stream.status(), 200);
        let mut buffer = String::new();
        let started = Instant::now();
        assert!(app.mark_read(&http, "horizontal-scaling").await);
        progress_changed(&mut stream, &mut buffer).await;
        to_stream.push(started.elapsed().as_secs_f64() * 1000.0);
        let xp = app.summary(&http).await["xp"].as_u64().unwrap();
        assert_eq!(xp, 20);
        to_summary.push(started.elapsed().as_secs_f64() * 1000.0);
    }
    for figures in [&mut to_stream, &mut to_summary] {
        figures.sort_by(f64::total_cmp);
    }
    println!("award latency, {LATENCY_SAMPLES} learners (claim → the page's stream says so → summary read):");
    println!(
        "  to the stream:  p50 {:.2} ms, p95 {:.2} ms, max {:.2} ms",
        percentile(&to_stream, 0.5),
        percentile(&to_stream, 0.95),
        to_stream[to_stream.len() - 1]
    );
    println!(
        "  to the new bar: p50 {:.2} ms, p95 {:.2} ms, max {:.2} ms",
        percentile(&to_summary, 0.5),
        percentile(&to_summary, 0.95),
        to_summary[to_summary.len() - 1]
    );
}

async fn ledger_under_load() {
    use streamlab::progress::ledger;
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("ledger.db").display());
    let db = streamlab::database::open(&url).await.unwrap().pool;

    let started = Instant::now();
    let claims = (0..CONCURRENT).map(|n| {
        let db = db.clone();
        tokio::spawn(async move { ledger::award(&db, &format!("learner-{n}"), "read:push-not-poll", 10).await })
    });
    let results: Vec<_> = join_all(claims).await.into_iter().map(Result::unwrap).collect();
    let elapsed = started.elapsed();
    let errors = results.iter().filter(|r| r.is_err()).count();
    let rows: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM xp_awards").fetch_one(&db).await.unwrap();
    println!(
        "ledger, {CONCURRENT} learners awarded at once: {rows} rows in {:.1} ms ({:.0} awards/s), {errors} errors",
        elapsed.as_secs_f64() * 1000.0,
        CONCURRENT as f64 / elapsed.as_secs_f64()
    );

    let started = Instant::now();
    let claims = (0..CONCURRENT).map(|_| {
        let db = db.clone();
        tokio::spawn(async move { ledger::award(&db, "one-learner", "exercise:push-not-poll", 40).await })
    });
    let results: Vec<_> = join_all(claims).await.into_iter().map(Result::unwrap).collect();
    let elapsed = started.elapsed();
    let made = results.iter().filter(|r| matches!(r, Ok(true))).count();
    let errors = results.iter().filter(|r| r.is_err()).count();
    let rows: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM xp_awards WHERE owner = 'one-learner'").fetch_one(&db).await.unwrap();
    println!(
        "ledger, one award claimed {CONCURRENT} times at once: {rows} row, {made} claim made it, {:.1} ms, {errors} errors",
        elapsed.as_secs_f64() * 1000.0
    );
}

async fn http_under_load(app: &App) {
    let learners: Vec<reqwest::Client> = (0..CONCURRENT).map(|_| app.learner()).collect();
    // Each learner gets an identity first (one award), so the burst below is awards only.
    for chunk in learners.chunks(50) {
        join_all(chunk.iter().map(|http| app.mark_read(http, "push-not-poll"))).await;
    }
    let url = format!("sqlite://{}", app.server.data.path().join("streamlab.db").display());
    let db = sqlx::AnyPool::connect(&url).await.unwrap();
    let count = "SELECT COUNT(*) FROM xp_awards WHERE source = 'read:horizontal-scaling'";
    let before: i64 = sqlx::query_scalar(count).fetch_one(&db).await.unwrap();
    let started = Instant::now();
    let results = join_all(learners.iter().map(|http| app.mark_read(http, "horizontal-scaling"))).await;
    let elapsed = started.elapsed();
    let refused = results.iter().filter(|ok| !**ok).count();
    let rows = sqlx::query_scalar::<_, i64>(count).fetch_one(&db).await.unwrap() - before;
    db.close().await;
    println!(
        "HTTP, {CONCURRENT} learners mark a lesson read at once: {rows} rows in {:.0} ms ({:.0} awards/s), {refused} refused or failed",
        elapsed.as_secs_f64() * 1000.0,
        CONCURRENT as f64 / elapsed.as_secs_f64()
    );
}

fn main() {
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build().unwrap();
    runtime.block_on(async {
        let app = App::start().await;
        award_latency(&app).await;
        ledger_under_load().await;
        http_under_load(&app).await;
    });
}
