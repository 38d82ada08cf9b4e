//! A few read-only SQLite connections shared by the handlers.
//!
//! A `rusqlite::Connection` may move between threads but not be shared, so
//! each query takes a connection out of the pool, runs on tokio's blocking
//! threads, and puts it back. A semaphore with one permit per connection
//! makes requests wait (asynchronously) for a free one. A query past its
//! time limit is interrupted (`sqlite3_interrupt`) and the request answers
//! 503; the connection comes back to the pool when the query has stopped.

use crate::api::ApiError;
use crate::ServerError;
use dyad_store::{Store, StoreError};
use std::panic::AssertUnwindSafe;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;
use tokio::sync::Semaphore;

pub struct Pool {
    path: PathBuf,
    stores: Mutex<Vec<Store>>,
    permits: Arc<Semaphore>,
    timeout: Duration,
}

impl Pool {
    /// Opens `size` (at least 1) read-only connections to the store at `path`.
    pub fn open(path: &Path, size: usize, timeout: Duration) -> Result<Pool, ServerError> {
        let size = size.max(1);
        let mut stores = Vec::with_capacity(size);
        for _ in 0..size {
            stores.push(open(path)?);
        }
        Ok(Pool {
            path: path.to_path_buf(),
            stores: Mutex::new(stores),
            permits: Arc::new(Semaphore::new(size)),
            timeout,
        })
    }

    /// Runs `f` with a connection on a blocking thread, within the time limit.
    pub async fn run<T, F>(self: &Arc<Self>, f: F) -> Result<T, ApiError>
    where
        T: Send + 'static,
        F: FnOnce(&Store) -> Result<T, StoreError> + Send + 'static,
    {
        let permit = Arc::clone(&self.permits).acquire_owned().await.map_err(|_| ApiError::Busy)?;
        let store = self.stores.lock().unwrap_or_else(PoisonError::into_inner).pop();
        // A permit guarantees a connection unless one was lost to a panic
        // and could not be reopened.
        let store = match store {
            Some(s) => s,
            None => open(&self.path).map_err(|e| ApiError::Internal(e.to_string()))?,
        };
        let interrupt = store.connection().get_interrupt_handle();
        let pool = Arc::clone(self);
        let task = tokio::task::spawn_blocking(move || {
            let result = std::panic::catch_unwind(AssertUnwindSafe(|| f(&store)));
            pool.stores.lock().unwrap_or_else(PoisonError::into_inner).push(store);
            drop(permit);
            result
        });
        match tokio::time::timeout(self.timeout, task).await {
            Ok(Ok(Ok(result))) => result.map_err(ApiError::from),
            Ok(Ok(Err(_))) | Ok(Err(_)) => Err(ApiError::Internal("the query failed unexpectedly".into())),
            Err(_) => {
                interrupt.interrupt();
                Err(ApiError::Timeout)
            }
        }
    }
}

fn open(path: &Path) -> Result<Store, ServerError> {
    Store::open_read_only(path).map_err(|source| ServerError::Open { path: path.display().to_string(), source })
}
