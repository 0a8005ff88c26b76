//! `maillon lsp`: a Language Server over stdio, so an editor shows `maillon check`'s findings
//! while a plan is typed.
//!
//! It keeps the site as `serve` does (`serve::state::State`: every page parsed, the checker's
//! report), and an edit takes `serve`'s fast path with the editor's unsaved text in place of the
//! file: that page is read and parsed again, the site's tables derived again and the checker run
//! over the whole site with the other plans' readings kept, so the findings are exactly
//! `maillon check`'s. After each change the findings of every open file of the site are
//! published. Hover on a priority's heading shows its coverage row; the code actions on a
//! finding insert a suppression comment (with a reason to write) and, for a missing stage, its
//! sub-heading at the end of the priority.
//!
//! Shaped around `lsp-server` (rust-analyzer's transport: a loop over messages on one thread).
//! Positions: maillon counts columns in characters, LSP in UTF-16 code units of the line
//! (`convert.rs`).

mod actions;
mod convert;

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use lsp_server::{Connection, Message, Notification, Request, Response};
use lsp_types::notification::Notification as _;
use lsp_types::request::Request as _;
use serde_json::Value;

use crate::error::{Error, Result};
use crate::serve::state::{BuildSettings, State};

/// One open file of the site: where it is and the editor's text.
struct Document {
    /// Path relative to `content/`, `/`-separated.
    rel: String,
    text: String,
}

/// The server: the site of the open files, and the open files.
struct Server {
    connection: Connection,
    /// The site root and its state, once a file of it is opened.
    site: Option<(PathBuf, State)>,
    documents: HashMap<String, Document>,
}

/// Runs the server on stdin and stdout until the client says `exit`.
pub(crate) fn run() -> Result<()> {
    let (connection, io) = Connection::stdio();
    let capabilities = serde_json::json!({
        "textDocumentSync": { "openClose": true, "change": 1, "save": true },
        "hoverProvider": true,
        "codeActionProvider": { "codeActionKinds": ["quickfix"] },
    });
    connection
        .initialize(capabilities)
        .map_err(|e| Error::Other(format!("lsp: initialize: {e}")))?;
    let mut server = Server {
        connection,
        site: None,
        documents: HashMap::new(),
    };
    server.serve()?;
    drop(server);
    io.join()
        .map_err(|e| Error::Other(format!("lsp: stdio: {e}")))?;
    Ok(())
}

impl Server {
    fn serve(&mut self) -> Result<()> {
        let receiver = self.connection.receiver.clone();
        for message in &receiver {
            match message {
                Message::Request(request) => {
                    if self
                        .connection
                        .handle_shutdown(&request)
                        .map_err(|e| Error::Other(format!("lsp: {e}")))?
                    {
                        return Ok(());
                    }
                    self.request(request);
                }
                Message::Notification(notification) => self.notification(notification),
                Message::Response(_) => {}
            }
        }
        Ok(())
    }

    fn send(&self, message: Message) {
        // The client gone, the next receive ends the loop.
        let _ = self.connection.sender.send(message);
    }

    fn request(&mut self, request: Request) {
        let result = match request.method.as_str() {
            lsp_types::request::HoverRequest::METHOD => self.hover(&request.params),
            lsp_types::request::CodeActionRequest::METHOD => self.code_actions(&request.params),
            _ => {
                self.send(Message::Response(Response::new_err(
                    request.id,
                    lsp_server::ErrorCode::MethodNotFound as i32,
                    format!("maillon lsp does not answer {}", request.method),
                )));
                return;
            }
        };
        self.send(Message::Response(Response::new_ok(request.id, result)));
    }

    fn notification(&mut self, notification: Notification) {
        use lsp_types::notification::{
            DidChangeTextDocument, DidCloseTextDocument, DidOpenTextDocument, DidSaveTextDocument,
        };
        let params = &notification.params;
        let uri = |v: &Value| v["textDocument"]["uri"].as_str().map(str::to_string);
        match notification.method.as_str() {
            DidOpenTextDocument::METHOD => {
                if let (Some(uri), Some(text)) =
                    (uri(params), params["textDocument"]["text"].as_str())
                {
                    self.edited(&uri, Some(text.to_string()));
                }
            }
            DidChangeTextDocument::METHOD => {
                // Full synchronisation: the last change holds the whole text.
                let text = params["contentChanges"]
                    .as_array()
                    .and_then(|c| c.last())
                    .and_then(|c| c["text"].as_str());
                if let (Some(uri), Some(text)) = (uri(params), text) {
                    self.edited(&uri, Some(text.to_string()));
                }
            }
            DidSaveTextDocument::METHOD => {
                if let Some(uri) = uri(params) {
                    self.edited(&uri, None);
                }
            }
            DidCloseTextDocument::METHOD => {
                if let Some(uri) = uri(params)
                    && let Some(doc) = self.documents.remove(&uri)
                {
                    // What is on disk counts again.
                    if let Some((_, state)) = &mut self.site {
                        let _ = state.content_edited(&doc.rel, None);
                    }
                    self.publish(&uri, Vec::new());
                    self.publish_all();
                }
            }
            _ => {}
        }
    }

    /// The file at `uri` changed in the editor (`text`) or was saved (`None`: keep the last
    /// text, now on disk): checks the site again and publishes the findings of the open files.
    fn edited(&mut self, uri: &str, text: Option<String>) {
        let Some(path) = convert::path_of(uri) else {
            return;
        };
        // The site is loaded when its first file opens (a file of another site replaces it).
        if !self
            .site
            .as_ref()
            .is_some_and(|(root, _)| path.starts_with(root))
        {
            self.open_site(&path);
        }
        let Some((root, state)) = &mut self.site else {
            return;
        };
        let Some(rel) = rel_in(root, &path) else {
            return;
        };
        let text = match text {
            Some(text) => text,
            None => match self.documents.get(uri) {
                Some(doc) => doc.text.clone(),
                None => return,
            },
        };
        let unsaved = Some(text.clone());
        if let Err(e) = state.content_edited(&rel, unsaved) {
            self.log(&format!("maillon: {e}"));
        }
        self.documents
            .insert(uri.to_string(), Document { rel, text });
        self.publish_all();
    }

    /// Loads the site holding `path` (the nearest `maillon.toml` above it).
    fn open_site(&mut self, path: &Path) {
        let Some(root) = path
            .ancestors()
            .skip(1)
            .find(|dir| dir.join(crate::config::FILE_NAME).is_file())
            .map(Path::to_path_buf)
        else {
            return;
        };
        let settings = BuildSettings {
            root: root.clone(),
            drafts: true,
            base_url: "http://127.0.0.1:1111/".into(),
        };
        match State::full(settings) {
            Ok((state, _)) => self.site = Some((root, state)),
            Err(e) => self.log(&format!("maillon: {e}")),
        }
    }

    /// Publishes the findings of every open file.
    fn publish_all(&self) {
        let Some((_, state)) = &self.site else {
            return;
        };
        for (uri, doc) in &self.documents {
            let file = Path::new("content").join(&doc.rel);
            let diagnostics = state
                .diagnostics()
                .filter(|d| d.file == file)
                .map(|d| convert::diagnostic(d, &doc.text))
                .collect();
            self.publish(uri, diagnostics);
        }
    }

    fn publish(&self, uri: &str, diagnostics: Vec<Value>) {
        self.send(Message::Notification(Notification::new(
            lsp_types::notification::PublishDiagnostics::METHOD.to_string(),
            serde_json::json!({ "uri": uri, "diagnostics": diagnostics }),
        )));
    }

    fn log(&self, message: &str) {
        self.send(Message::Notification(Notification::new(
            lsp_types::notification::LogMessage::METHOD.to_string(),
            serde_json::json!({ "type": 1, "message": message }),
        )));
    }

    fn hover(&self, params: &Value) -> Value {
        let (Some(uri), Some(line)) = (
            params["textDocument"]["uri"].as_str(),
            params["position"]["line"].as_u64(),
        ) else {
            return Value::Null;
        };
        match (&self.site, self.documents.get(uri)) {
            (Some((_, state)), Some(doc)) => actions::hover(state, &doc.rel, line as usize + 1),
            _ => Value::Null,
        }
    }

    fn code_actions(&self, params: &Value) -> Value {
        let Some(uri) = params["textDocument"]["uri"].as_str() else {
            return Value::Array(Vec::new());
        };
        match (&self.site, self.documents.get(uri)) {
            (Some((_, state)), Some(doc)) => {
                let found = params["context"]["diagnostics"]
                    .as_array()
                    .cloned()
                    .unwrap_or_default();
                actions::code_actions(state, uri, &doc.rel, &doc.text, &found)
            }
            _ => Value::Array(Vec::new()),
        }
    }
}

/// `path` relative to `root/content`, `/`-separated, if it is a Markdown file there.
fn rel_in(root: &Path, path: &Path) -> Option<String> {
    let rel = path.strip_prefix(root.join("content")).ok()?;
    let rel = rel.to_string_lossy().replace('\\', "/");
    rel.ends_with(".md").then_some(rel)
}
