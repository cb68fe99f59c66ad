//! Addresses and escaping: links to posts, query values, HTML text.

use crate::content::PostKind;

/// Percent-encodes a query value (slugs are already safe; this keeps any other value intact).
pub fn url_encode(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for b in value.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(b as char)
            }
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// Escapes text for HTML element content and attribute values.
pub fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// A link to an answer that lands on the page holding it (the server resolves `?answer=`),
/// wherever the answer is in a long thread: for search hits, notifications, queues.
pub fn answer_link(question_id: i64, answer_id: i64) -> String {
    format!("/questions/{question_id}?answer={answer_id}#answer-{answer_id}")
}

/// The place of a post on its thread page.
pub fn post_anchor(kind: PostKind, question_id: i64, post_id: i64) -> String {
    match kind {
        PostKind::Question => format!("/questions/{question_id}"),
        // Resolved by the server to the page of a long thread that holds the answer.
        PostKind::Answer => answer_link(question_id, post_id),
        // Redirected by the server to the page that shows the comment now (`goto_comment`).
        PostKind::Comment => format!("/comment/{post_id}"),
    }
}

/// The no-JavaScript thank-you of a flag: `link` (a `post_anchor`) with `flagged=1` added to
/// its query, before its fragment.
pub fn flagged_link(link: &str) -> String {
    let (path, fragment) = link.split_once('#').unwrap_or((link, ""));
    // The link may carry a query already (`?answer=ID`).
    let sep = if path.contains('?') { '&' } else { '?' };
    let hash = if fragment.is_empty() { "" } else { "#" };
    format!("{path}{sep}flagged=1{hash}{fragment}")
}

/// The path of page `page` of a thread (page 1 is the thread's own URL, which visitors get
/// from the page cache).
pub fn thread_page_path(question_id: i64, page: i64) -> String {
    if page <= 1 {
        format!("/questions/{question_id}")
    } else {
        format!("/questions/{question_id}?page={page}")
    }
}
