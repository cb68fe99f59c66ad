#[cfg(feature = "ssr")]
#[tokio::main]
async fn main() -> std::process::ExitCode {
    collectivepower::server::cli::run().await
}

#[cfg(not(feature = "ssr"))]
fn main() {
    // The binary is built with `--features ssr`; the `hydrate` build is the WASM library.
}
