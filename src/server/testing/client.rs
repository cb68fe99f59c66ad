//! A small test client: call a server function or fetch a page as a given person, through the
//! whole HTTP stack (no socket), and read the answer.
//!
//! ```ignore
//! let henk = t.client().signed_in("henk").await;
//! let reply = henk.call("post_answer", &[("question_id", "7"), ("body", "Ask the bank.")]).await;
//! assert!(reply.status.is_success(), "{}", reply.body);
//! ```

use super::{Reply, TestDb, demo_session, get, post, send_with, test_config};
use crate::server::config::Config;

/// Who is asking, and with which server configuration.
pub struct Client<'t> {
    t: &'t TestDb,
    config: Config,
    cookie: Option<String>,
}

impl TestDb {
    /// A signed-out visitor of a server with the default test configuration.
    pub fn client(&self) -> Client<'_> {
        Client {
            t: self,
            config: test_config(&[]),
            cookie: None,
        }
    }
}

impl<'t> Client<'t> {
    /// The same client, signed in as the demo person `key` (`key@demo.collectievekracht.example`).
    pub async fn signed_in(self, key: &str) -> Client<'t> {
        let cookie = demo_session(self.t, key).await;
        self.with_cookie(cookie)
    }

    /// The same client, sending this `Cookie` header.
    pub fn with_cookie(mut self, cookie: impl Into<String>) -> Client<'t> {
        self.cookie = Some(cookie.into());
        self
    }

    /// The same client, on a server with these flags (as on the command line).
    pub fn with_config(mut self, args: &[&str]) -> Client<'t> {
        self.config = test_config(args);
        self
    }

    pub fn cookie(&self) -> Option<&str> {
        self.cookie.as_deref()
    }

    /// Calls server function `endpoint` (`/api/<endpoint>`) as the WASM client does.
    pub async fn call(&self, endpoint: &str, fields: &[(&str, &str)]) -> Reply {
        let path = format!("/api/{endpoint}");
        send_with(
            self.t,
            &self.config,
            post(&path, fields, self.cookie.as_deref(), false),
        )
        .await
    }

    /// Posts the form of server function `endpoint` as a browser without JavaScript does.
    pub async fn submit(&self, endpoint: &str, fields: &[(&str, &str)]) -> Reply {
        let path = format!("/api/{endpoint}");
        send_with(
            self.t,
            &self.config,
            post(&path, fields, self.cookie.as_deref(), true),
        )
        .await
    }

    /// Fetches a page (in English).
    pub async fn get(&self, path: &str) -> Reply {
        send_with(self.t, &self.config, get(path, self.cookie.as_deref())).await
    }
}
