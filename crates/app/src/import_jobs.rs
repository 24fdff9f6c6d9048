//! Uploaded import files waiting for their steps (mapping, dry run, import), kept in memory
//! under a random token tied to the account and its session, for an hour after their last
//! use: a few files per account, a bound on the whole store, and at most [`PARSERS`] files
//! read at once. Checking and storing run in the background and report their progress; the
//! web pages (web/src/pages/import.rs) only show them.

use crate::import::{Options, Report};
use crate::{App, AppError};
use domain::Invalid;
use domain::access::Actor;
use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::{Duration, Instant};

/// How long an uploaded file is kept after its last use.
pub const KEEP: Duration = Duration::from_secs(60 * 60);
/// Files one account may have waiting at once (the oldest idle one makes room).
pub const FILES_PER_ACCOUNT: usize = 3;
/// All files kept, together.
pub const MAX_KEPT_BYTES: usize = 256 * 1024 * 1024;

/// Uploaded files waiting for their steps, by token; part of the web state. Reading a file is
/// CPU and memory work bounded per file (`interop::eppgbm::Limits`); [`PARSERS`] files are
/// read at once, the others wait their turn, so fifty uploads at once cannot take the
/// server's memory together.
#[derive(Clone)]
pub struct Jobs(Arc<Mutex<HashMap<String, Job>>>, Arc<tokio::sync::Semaphore>);

/// Files read (previewed, checked or imported) at the same time.
pub const PARSERS: usize = 2;

impl Default for Jobs {
    fn default() -> Self {
        Jobs(Default::default(), Arc::new(tokio::sync::Semaphore::new(PARSERS)))
    }
}

/// Who a kept file belongs to: the account and (the hash of) its session.
#[derive(Clone, PartialEq, Eq)]
pub struct Owner {
    pub user_id: i64,
    pub session: String,
}

pub struct Job {
    pub owner: Owner,
    pub filename: String,
    pub bytes: Arc<Vec<u8>>,
    pub touched: Instant,
    pub preview: Preview,
    /// The account's last column choices (field key, header; "" for none).
    pub choices: Option<Vec<(String, String)>>,
    pub run: Option<Run>,
}

impl Job {
    pub fn running(&self) -> bool {
        self.run.as_ref().is_some_and(|r| r.outcome.is_none())
    }
}

/// What the page shows of the table before any run.
#[derive(Clone, Default)]
pub struct Preview {
    pub sheet: Option<String>,
    pub sheets: Vec<String>,
    pub headers: Vec<String>,
    /// The first data row, one cell per header.
    pub sample: Vec<String>,
    pub rows: usize,
}

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Check,
    Import,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Check => "check",
            Kind::Import => "import",
        }
    }
}

pub struct Run {
    pub kind: Kind,
    pub opts: Options,
    pub progress: Arc<Progress>,
    pub outcome: Option<Arc<Outcome>>,
}

pub enum Outcome {
    Done(Report),
    /// The file or the mapping as a whole was refused.
    Invalid(Invalid),
    /// Something else went wrong (the message key).
    Failed(&'static str),
}

/// Rows done of the pass under way; the use case calls back as it checks, then as it stores.
#[derive(Default)]
pub struct Progress {
    pub done: AtomicUsize,
    pub total: AtomicUsize,
    /// Passes finished (a pass ends when done reaches total).
    pub passes: AtomicUsize,
}

impl Progress {
    pub fn note(&self, done: usize, total: usize) {
        self.total.store(total, Ordering::Relaxed);
        self.done.store(done, Ordering::Relaxed);
        if done >= total {
            self.passes.fetch_add(1, Ordering::Relaxed);
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Phase {
    Read,
    Check,
    Store,
}

impl Phase {
    pub fn as_str(self) -> &'static str {
        match self {
            Phase::Read => "read",
            Phase::Check => "check",
            Phase::Store => "store",
        }
    }
}

/// A copy of a kept file's state, taken under the lock.
pub struct JobView {
    pub filename: String,
    pub preview: Preview,
    pub choices: Option<Vec<(String, String)>>,
    pub run: Option<RunView>,
}

pub struct RunView {
    pub kind: Kind,
    pub phase: Phase,
    pub done: usize,
    pub total: usize,
    pub outcome: Option<Arc<Outcome>>,
}

impl RunView {
    pub fn of(r: &Run) -> RunView {
        let total = r.progress.total.load(Ordering::Relaxed);
        let done = r.progress.done.load(Ordering::Relaxed);
        let passes = r.progress.passes.load(Ordering::Relaxed);
        let (phase, done) = match (r.kind, passes) {
            (_, 0) if total == 0 => (Phase::Read, 0),
            (Kind::Import, 1) if done >= total => (Phase::Store, 0),
            (Kind::Import, p) if p >= 1 => (Phase::Store, done),
            _ => (Phase::Check, done),
        };
        RunView {
            kind: r.kind,
            phase,
            done,
            total,
            outcome: r.outcome.clone(),
        }
    }
}

impl Jobs {
    /// The kept files, without those unused for [`KEEP`] (unless running).
    pub fn map(&self) -> MutexGuard<'_, HashMap<String, Job>> {
        let mut m = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        m.retain(|_, j| j.running() || j.touched.elapsed() < KEEP);
        m
    }

    /// Keeps a file; returns its token, or the message key when there is no room.
    pub fn insert(
        &self,
        owner: Owner,
        filename: String,
        bytes: Arc<Vec<u8>>,
        preview: Preview,
    ) -> Result<String, &'static str> {
        let mut m = self.map();
        loop {
            let mine = m.values().filter(|j| j.owner.user_id == owner.user_id).count();
            let kept: usize = m.values().map(|j| j.bytes.len()).sum();
            if mine < FILES_PER_ACCOUNT && kept + bytes.len() <= MAX_KEPT_BYTES {
                break;
            }
            let oldest = m
                .iter()
                .filter(|(_, j)| j.owner.user_id == owner.user_id && !j.running())
                .min_by_key(|(_, j)| j.touched)
                .map(|(k, _)| k.clone());
            match oldest {
                Some(k) => {
                    m.remove(&k);
                }
                None => return Err("import.busy"),
            }
        }
        let token = crate::auth::random_token();
        m.insert(
            token.clone(),
            Job {
                owner,
                filename,
                bytes,
                touched: Instant::now(),
                preview,
                choices: None,
                run: None,
            },
        );
        Ok(token)
    }

    /// Runs `f` on the owner's kept file `token`, if it is still there.
    pub fn with<R>(&self, token: &str, owner: &Owner, f: impl FnOnce(&mut Job) -> R) -> Option<R> {
        let mut m = self.map();
        let job = m.get_mut(token).filter(|j| j.owner == *owner)?;
        job.touched = Instant::now();
        Some(f(job))
    }

    pub fn view(&self, token: &str, owner: &Owner) -> Option<JobView> {
        self.with(token, owner, |j| JobView {
            filename: j.filename.clone(),
            preview: j.preview.clone(),
            choices: j.choices.clone(),
            run: j.run.as_ref().map(RunView::of),
        })
    }

    pub fn finish(&self, token: &str, progress: &Arc<Progress>, outcome: Outcome) {
        let mut m = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(j) = m.get_mut(token)
            && let Some(r) = &mut j.run
            && Arc::ptr_eq(&r.progress, progress)
        {
            r.outcome = Some(Arc::new(outcome));
            j.touched = Instant::now();
        }
    }
}

/// Starts a dry run or an import of `job` in the background, unless one is running.
pub fn start(app: &App, jobs: &Jobs, token: &str, job: &mut Job, actor: Actor, kind: Kind, opts: Options) {
    if job.running() {
        return;
    }
    let progress = Arc::new(Progress::default());
    job.run = Some(Run {
        kind,
        opts: opts.clone(),
        progress: progress.clone(),
        outcome: None,
    });
    let app = app.clone();
    let bytes = job.bytes.clone();
    let jobs = jobs.clone();
    let token = token.to_string();
    let handle = tokio::runtime::Handle::current();
    let p = progress.clone();
    tokio::spawn(async move {
        let permit = jobs.1.clone().acquire_owned().await;
        // Checking a large file is CPU work: it runs on a blocking thread, not on the server's.
        let task = tokio::task::spawn_blocking(move || {
            let note = move |done: usize, total: usize| p.note(done, total);
            handle.block_on(crate::import::measurements(&app, &actor, &bytes, &opts, &note))
        });
        let result = task.await;
        drop(permit);
        let outcome = match result {
            Ok(Ok(report)) => Outcome::Done(report),
            Ok(Err(AppError::Invalid(inv))) => Outcome::Invalid(inv),
            Ok(Err(AppError::Forbidden)) => Outcome::Failed("error.forbidden"),
            Ok(Err(e)) => {
                tracing::error!(error = ?e, "import");
                Outcome::Failed("error.internal")
            }
            Err(e) => {
                tracing::error!(error = %e, "import task");
                Outcome::Failed("error.internal")
            }
        };
        jobs.finish(&token, &progress, outcome);
    });
}

// --- reading the file --------------------------------------------------------------------

/// Reads the table (off the async threads, one of [`PARSERS`]) for the mapping step.
pub async fn preview(jobs: &Jobs, bytes: Arc<Vec<u8>>, sheet: Option<String>) -> Result<Preview, Invalid> {
    let _permit = jobs.1.acquire().await;
    let read = tokio::task::spawn_blocking(move || {
        interop::eppgbm::read(&bytes, sheet.as_deref()).map(|t| {
            let first = t.rows.first().map(|(_, cells)| cells.clone()).unwrap_or_default();
            Preview {
                sample: (0..t.headers.len())
                    .map(|i| first.get(i).cloned().unwrap_or_default())
                    .collect(),
                rows: t.rows.len(),
                sheet: t.sheet,
                sheets: t.sheets,
                headers: t.headers,
            }
        })
    })
    .await;
    match read {
        Ok(Ok(p)) => Ok(p),
        Ok(Err(e)) => Err(crate::import::file_invalid(&e)),
        Err(_) => Err(Invalid::one("file", "import.unreadable")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn progress_tells_the_passes_apart() {
        let p = Arc::new(Progress::default());
        let run = |kind| Run {
            kind,
            opts: Options::default(),
            progress: p.clone(),
            outcome: None,
        };
        let v = RunView::of(&run(Kind::Import));
        assert!(v.phase == Phase::Read);
        p.note(0, 3000);
        p.note(2000, 3000);
        let v = RunView::of(&run(Kind::Import));
        assert!(v.phase == Phase::Check && v.done == 2000 && v.total == 3000);
        p.note(3000, 3000);
        let v = RunView::of(&run(Kind::Import));
        assert!(v.phase == Phase::Store && v.done == 0);
        p.note(1000, 3000);
        let v = RunView::of(&run(Kind::Import));
        assert!(v.phase == Phase::Store && v.done == 1000);
        // A dry run only checks.
        let v = RunView::of(&run(Kind::Check));
        assert!(v.phase == Phase::Check);
    }
}
