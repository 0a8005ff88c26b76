//! `maillon lsp` driven over stdio with JSON-RPC, as an editor does: initialize, open a plan,
//! change it, hover a priority, ask for its fixes, shut down.

use std::io::{BufRead, BufReader, Read, Write};
use std::process::{Child, ChildStdin, ChildStdout, Command, Stdio};
use std::sync::mpsc::{Receiver, channel};
use std::time::Duration;

use serde_json::{Value, json};

use crate::common::TestSite;

/// A plan whose priority lacks its follow-up stage.
const PLAN: &str = "---\ntitle: Plan de Namur\nkind: plan\nperiod: \"2020-2025\"\ntaxonomies:\n  communes: [\"Namur\"]\n---\n## Priorité 1 : Cambriolages\n\n### Prévention\n\nConseils de technoprévention aux habitants.\n\n### Réaction\n\nPatrouilles ciblées dans les quartiers.\n";

struct Client {
    child: Child,
    stdin: ChildStdin,
    messages: Receiver<Value>,
    next_id: u64,
}

impl Client {
    fn start(site: &TestSite) -> Client {
        let mut child = Command::new(env!("CARGO_BIN_EXE_maillon"))
            .arg("lsp")
            .current_dir(site.root())
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .unwrap();
        let stdin = child.stdin.take().unwrap();
        let stdout = child.stdout.take().unwrap();
        let (tx, messages) = channel();
        std::thread::spawn(move || read_messages(stdout, &tx));
        Client {
            child,
            stdin,
            messages,
            next_id: 1,
        }
    }

    fn send(&mut self, message: &Value) {
        let body = message.to_string();
        write!(self.stdin, "Content-Length: {}\r\n\r\n{body}", body.len()).unwrap();
        self.stdin.flush().unwrap();
    }

    fn notify(&mut self, method: &str, params: Value) {
        self.send(&json!({"jsonrpc": "2.0", "method": method, "params": params}));
    }

    /// Sends a request and returns its result, skipping the notifications before it.
    fn request(&mut self, method: &str, params: Value) -> Value {
        let id = self.next_id;
        self.next_id += 1;
        self.send(&json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}));
        loop {
            let m = self.next();
            if m["id"] == id {
                return m["result"].clone();
            }
        }
    }

    fn next(&self) -> Value {
        self.messages
            .recv_timeout(Duration::from_secs(30))
            .expect("an answer from maillon lsp")
    }

    /// The next diagnostics published for `uri`.
    fn diagnostics(&self, uri: &str) -> Vec<Value> {
        loop {
            let m = self.next();
            if m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == uri {
                return m["params"]["diagnostics"].as_array().cloned().unwrap();
            }
        }
    }
}

fn read_messages(stdout: ChildStdout, tx: &std::sync::mpsc::Sender<Value>) {
    let mut reader = BufReader::new(stdout);
    loop {
        let mut length = 0;
        loop {
            let mut line = String::new();
            if reader.read_line(&mut line).unwrap_or(0) == 0 {
                return;
            }
            let line = line.trim_end();
            if line.is_empty() {
                break;
            }
            if let Some(n) = line.strip_prefix("Content-Length: ") {
                length = n.parse().unwrap();
            }
        }
        let mut body = vec![0; length];
        if reader.read_exact(&mut body).is_err() {
            return;
        }
        if tx.send(serde_json::from_slice(&body).unwrap()).is_err() {
            return;
        }
    }
}

#[test]
fn the_language_server_checks_each_change_hovers_priorities_and_fixes_a_missing_stage() {
    let site = TestSite::new()
        .file("content/_index.md", "---\ntitle: Accueil\n---\n")
        .file("content/plans/namur.md", PLAN);
    let mut client = Client::start(&site);
    let root = site.root().canonicalize().unwrap();
    let uri = format!("file://{}/content/plans/namur.md", root.display());
    let init = client.request(
        "initialize",
        json!({"processId": null, "rootUri": format!("file://{}", root.display()), "capabilities": {}}),
    );
    assert_eq!(init["capabilities"]["hoverProvider"], true);
    client.notify("initialized", json!({}));

    // Open: the follow-up stage is missing, on the priority's heading.
    client.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": uri, "languageId": "markdown", "version": 1, "text": PLAN}}),
    );
    // 0-based lines, as LSP counts them.
    let line_of =
        |text: &str, start: &str| text.lines().position(|l| l.starts_with(start)).unwrap();
    let heading = line_of(PLAN, "## Priorité 1");
    let last = PLAN.lines().count() - 1;
    let found = client.diagnostics(&uri);
    assert_eq!(found.len(), 1, "{found:?}");
    let missing = &found[0];
    assert_eq!(missing["code"], "chain/missing-stage");
    assert_eq!(missing["severity"], 2);
    assert_eq!(
        missing["range"]["start"],
        json!({"line": heading, "character": 0})
    );
    assert_eq!(missing["data"]["stage"], "follow-up");

    // Hover on the priority: its coverage row.
    let hover = client.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": uri}, "position": {"line": heading, "character": 5}}),
    );
    let shown = hover["contents"]["value"].as_str().unwrap();
    assert!(shown.contains("prévention | réaction | suivi"), "{shown}");
    assert!(
        shown.contains("✓ couvert | ✓ couvert | ✗ manquant"),
        "{shown}"
    );

    // The fixes: the stage's sub-heading at the end of the priority, or a suppression.
    let actions = client.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": uri},
               "range": missing["range"],
               "context": {"diagnostics": [missing]}}),
    );
    let actions = actions.as_array().unwrap();
    assert_eq!(actions.len(), 2, "{actions:?}");
    let add = &actions[0]["edit"]["changes"][&uri][0];
    assert_eq!(add["newText"], "\n### Suivi\n\nÀ compléter.\n\n");
    // The priority ends the file: at its end, after the last line break.
    assert_eq!(
        add["range"]["start"],
        json!({"line": last + 1, "character": 0})
    );
    let suppress = &actions[1]["edit"]["changes"][&uri][0];
    assert_eq!(
        suppress["newText"],
        "<!-- maillon-disable chain/missing-stage: raison -->\n"
    );
    assert_eq!(
        suppress["range"]["start"],
        json!({"line": heading, "character": 0})
    );

    // An unsaved change adding the stage: the finding goes, before any save.
    let fixed = format!("{PLAN}\n### Suivi\n\nVisite aux victimes dans les dix jours.\n");
    client.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri, "version": 2}, "contentChanges": [{"text": fixed}]}),
    );
    assert_eq!(client.diagnostics(&uri), Vec::<Value>::new());
    // A broken link typed in: an error, at its column.
    let broken = format!("{fixed}\nVoir [le plan zonal](@/plans/zonal.md).\n");
    client.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri, "version": 3}, "contentChanges": [{"text": broken}]}),
    );
    let found = client.diagnostics(&uri);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0]["code"], "links/broken");
    assert_eq!(found[0]["severity"], 1);
    let link = line_of(&broken, "Voir [le plan");
    assert_eq!(
        found[0]["range"]["start"],
        json!({"line": link, "character": 5})
    );
    // The file on disk was never written.
    assert_eq!(
        std::fs::read_to_string(site.root().join("content/plans/namur.md")).unwrap(),
        PLAN
    );

    assert_eq!(client.request("shutdown", Value::Null), Value::Null);
    client.notify("exit", Value::Null);
    let status = client.child.wait().unwrap();
    assert!(status.success(), "{status}");
}
