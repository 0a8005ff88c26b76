//! The preview's accept loop, and the limits that keep one client from taking the server from
//! the others.
//!
//! The server is a preview, usually on loopback, but a page can open many connections, a
//! script can open thousands, and `--bind 0.0.0.0` puts it on a network. So each connection
//! costs a bounded amount, and none can hold its share for ever:
//!
//! - at most [`MAX_CONNECTIONS`] connections are served at once, each holding one permit of a
//!   fair (first come, first served) semaphore. When all are taken the loop stops accepting and
//!   new connections wait in the kernel's queue ([`ACCEPT_BACKLOG`]), in arrival order, until
//!   one closes: nothing is refused and nothing grows;
//! - a request head (request line and headers) must arrive whole within [`HEAD_TIMEOUT`], the
//!   clock starting when the server starts waiting for it — on a new connection, and again
//!   after each answer on a kept-alive one — so a client that sends nothing, half a line, or
//!   one byte now and then is dropped, and an idle kept-alive connection is closed too.
//!   Because the queue is served in order, a client arriving while every slot is held by such
//!   clients is served at the latest one head timeout later: a flood of slow clients delays
//!   others, and cannot shut them out;
//! - a head may be at most [`MAX_HEAD_BYTES`] long with at most [`MAX_HEADERS`] headers, and
//!   is read into a buffer of about that size (the buffer bounds a head still coming, the size
//!   check one that came in a single read); beyond either the answer is 431 (or 414 for an
//!   overlong URL) and the connection closes. Request bodies are never read (only GET and HEAD are answered), so they are
//!   never buffered;
//! - an answer whose client stops reading it is abandoned after [`WRITE_STALL_TIMEOUT`] without
//!   progress, so a client cannot hold a slot by requesting a page and never reading it;
//! - event streams, which live as long as their page, are capped apart
//!   ([`MAX_EVENT_STREAMS`], half the connections), so open tabs can never take every slot.
//!
//! Ctrl-C stops accepting, lets each connection finish its current answer (closing idle ones
//! at once), and waits at most [`SHUTDOWN_GRACE`] for them before the process ends.

use std::future::Future;
use std::io;
use std::net::SocketAddr;
use std::pin::{Pin, pin};
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;

use hyper::server::conn::http1;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::service::TowerToHyperService;
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::{TcpListener, TcpSocket, TcpStream};
use tokio::sync::{Semaphore, watch};

/// Connections served at once. Far above what a few browser tabs open (six per host each,
/// plus one event stream per page), low enough that the buffers of every slot stay small
/// (at most [`MAX_HEAD_BYTES`] each while reading a head) and the file descriptors few.
pub const MAX_CONNECTIONS: usize = 256;

/// Event streams open at once (one per open page). Half of [`MAX_CONNECTIONS`], so pages
/// left open can never take the slots their own files need; a stream beyond it gets 503.
pub const MAX_EVENT_STREAMS: usize = 128;

/// How long a client has to send a whole request head, and how long a kept-alive connection
/// may sit idle. A browser sends its head at once; ten seconds only lets slow networks in.
/// Tests shorten it with `MAILLON_SERVE_HEAD_TIMEOUT_MS` (milliseconds, read at start).
pub const HEAD_TIMEOUT: Duration = Duration::from_secs(10);

/// How long an answer may wait for its client to read more before the connection is dropped.
/// Tests shorten it with `MAILLON_SERVE_STALL_TIMEOUT_MS` (milliseconds, read at start).
pub const WRITE_STALL_TIMEOUT: Duration = Duration::from_secs(30);

/// Largest request head, in bytes (request line and headers). Browsers send one or two
/// kilobytes; cookies that other local projects set on `localhost` can add some more.
pub const MAX_HEAD_BYTES: usize = 64 * 1024;

/// Most headers in one request; a browser sends about fifteen.
pub const MAX_HEADERS: usize = 100;

/// How long Ctrl-C waits for open connections to finish their answers. Answers come from
/// memory and take milliseconds; only a client in the middle of sending a head can need it.
pub const SHUTDOWN_GRACE: Duration = Duration::from_secs(2);

/// Connections the kernel completes and queues while every slot is taken (the default of
/// the standard library, 128, would leave a burst of connections retrying for seconds).
pub const ACCEPT_BACKLOG: u32 = 1024;

/// Listens on `addr` with [`ACCEPT_BACKLOG`]. Must be called within the server's runtime.
pub fn bind(addr: SocketAddr) -> io::Result<TcpListener> {
    let socket = if addr.is_ipv4() {
        TcpSocket::new_v4()?
    } else {
        TcpSocket::new_v6()?
    };
    // As the standard library does on Unix: a restarted preview can take its port back while
    // the previous one's connections linger.
    #[cfg(unix)]
    socket.set_reuseaddr(true)?;
    socket.bind(addr)?;
    socket.listen(ACCEPT_BACKLOG)
}

/// The timeouts in force: the constants above, or what the environment sets for tests.
#[derive(Debug, Clone, Copy)]
struct Timeouts {
    head: Duration,
    stall: Duration,
}

impl Timeouts {
    fn from_env() -> Timeouts {
        let ms = |name: &str| {
            std::env::var(name)
                .ok()
                .and_then(|v| v.trim().parse::<u64>().ok())
                .filter(|&ms| ms > 0)
                .map(Duration::from_millis)
        };
        Timeouts {
            head: ms("MAILLON_SERVE_HEAD_TIMEOUT_MS").unwrap_or(HEAD_TIMEOUT),
            stall: ms("MAILLON_SERVE_STALL_TIMEOUT_MS").unwrap_or(WRITE_STALL_TIMEOUT),
        }
    }
}

/// Serves `router` on `listener` within the limits above until `stop` completes, then shuts
/// down as the module says.
pub async fn run(listener: TcpListener, router: axum::Router, stop: impl Future<Output = ()>) {
    let timeouts = Timeouts::from_env();
    let slots = Arc::new(Semaphore::new(MAX_CONNECTIONS));
    // Connections watch this to start their graceful close; the sender lives until the end.
    let (stopping, stop_seen) = watch::channel(false);
    let mut stop = pin!(stop);
    let mut accept_failed = false;
    loop {
        let permit = tokio::select! {
            () = &mut stop => break,
            permit = slots.clone().acquire_owned() => permit,
        };
        // The semaphore is never closed.
        let Ok(permit) = permit else { break };
        let stream = tokio::select! {
            () = &mut stop => break,
            accepted = listener.accept() => match accepted {
                Ok((stream, _)) => stream,
                Err(e) => {
                    // Out of file descriptors, or a connection reset while queued: say so
                    // once, wait a moment, and go on.
                    if !accept_failed {
                        eprintln!("warning: cannot accept a connection: {e}");
                        accept_failed = true;
                    }
                    tokio::time::sleep(Duration::from_millis(100)).await;
                    continue;
                }
            },
        };
        let _ = stream.set_nodelay(true);
        let service = TowerToHyperService::new(router.clone());
        let mut stop_seen = stop_seen.clone();
        tokio::spawn(async move {
            let io = TokioIo::new(Stalling::new(stream, timeouts.stall));
            let mut builder = http1::Builder::new();
            builder
                .timer(TokioTimer::new())
                .header_read_timeout(timeouts.head)
                .max_buf_size(MAX_HEAD_BYTES)
                .max_header_size(MAX_HEAD_BYTES)
                .max_headers(MAX_HEADERS);
            let mut conn = pin!(builder.serve_connection(io, service));
            tokio::select! {
                _ = conn.as_mut() => {}
                _ = stop_seen.changed() => {
                    conn.as_mut().graceful_shutdown();
                    let _ = conn.await;
                }
            }
            // The slot frees when the connection ends, however it ends.
            drop(permit);
        });
    }
    drop(listener);
    let _ = stopping.send(true);
    let all = MAX_CONNECTIONS as u32;
    let _ = tokio::time::timeout(SHUTDOWN_GRACE, slots.acquire_many(all)).await;
}

/// A connection whose writes fail once they have made no progress for a while: a client that
/// stops reading its answer loses its connection instead of holding it.
struct Stalling {
    stream: TcpStream,
    limit: Duration,
    /// Started when a write first had to wait; dropped as soon as one goes through.
    stalled: Option<Pin<Box<tokio::time::Sleep>>>,
}

impl Stalling {
    fn new(stream: TcpStream, limit: Duration) -> Stalling {
        Stalling {
            stream,
            limit,
            stalled: None,
        }
    }

    /// What a write returns: `Ready` clears the stall clock, `Pending` runs it and fails once
    /// it has run out.
    fn progress<T>(
        &mut self,
        cx: &mut Context<'_>,
        result: Poll<io::Result<T>>,
    ) -> Poll<io::Result<T>> {
        if result.is_ready() {
            self.stalled = None;
            return result;
        }
        let limit = self.limit;
        let clock = self
            .stalled
            .get_or_insert_with(|| Box::pin(tokio::time::sleep(limit)));
        match clock.as_mut().poll(cx) {
            Poll::Ready(()) => Poll::Ready(Err(io::Error::new(
                io::ErrorKind::TimedOut,
                "the client stopped reading",
            ))),
            Poll::Pending => Poll::Pending,
        }
    }
}

impl AsyncRead for Stalling {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        Pin::new(&mut self.get_mut().stream).poll_read(cx, buf)
    }
}

impl AsyncWrite for Stalling {
    fn poll_write(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        let this = self.get_mut();
        let result = Pin::new(&mut this.stream).poll_write(cx, buf);
        this.progress(cx, result)
    }

    fn poll_write_vectored(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        let this = self.get_mut();
        let result = Pin::new(&mut this.stream).poll_write_vectored(cx, bufs);
        this.progress(cx, result)
    }

    fn is_write_vectored(&self) -> bool {
        self.stream.is_write_vectored()
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        let result = Pin::new(&mut this.stream).poll_flush(cx);
        this.progress(cx, result)
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.get_mut().stream).poll_shutdown(cx)
    }
}
