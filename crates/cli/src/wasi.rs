//! The WASI options of `polymem run` and the context they describe.

use anyhow::{Context as _, Result, anyhow, bail};
use polymem_wasi::{Dir, WasiCtx, WasiCtxBuilder, ambient_authority};
use std::path::PathBuf;

/// What a WASI program sees: its environment, its directories and which memory holds its
/// buffers. Arguments come from `polymem run`'s trailing arguments; stdin, stdout, stderr,
/// clocks and randomness are the host's.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct WasiOptions {
    /// Set an environment variable for a WASI program (`KEY=VALUE`), or pass on the host's
    /// value (`KEY`). Repeatable.
    #[arg(long = "env", value_name = "KEY[=VALUE]", value_parser = parse_env)]
    env: Vec<(String, Option<String>)>,
    /// Give a WASI program a host directory, under its own path or as GUEST (`HOST::GUEST`).
    /// The program reaches nothing outside the directories it is given. Repeatable.
    #[arg(long = "dir", value_name = "HOST[::GUEST]", value_parser = parse_dir)]
    dirs: Vec<(PathBuf, String)>,
    /// The exported memory WASI reads and writes (a multi-memory module may keep its WASI
    /// buffers in a memory other than the one exported as `memory`).
    #[arg(long, value_name = "NAME", default_value = polymem_wasi::DEFAULT_MEMORY)]
    pub wasi_memory: String,
}

impl WasiOptions {
    /// The context of a program run with arguments `argv` (`argv[0]` is the program's name).
    pub fn context(&self, argv: &[String]) -> Result<WasiCtx> {
        let mut builder = WasiCtxBuilder::new();
        builder.inherit_stdio();
        builder.args(argv).context("invalid program argument")?;
        for (key, value) in &self.env {
            let value = match value {
                Some(value) => value.clone(),
                None => match std::env::var(key) {
                    Ok(value) => value,
                    // wasmtime passes on only the variables that are set; so do we.
                    Err(_) => continue,
                },
            };
            builder
                .env(key, &value)
                .with_context(|| format!("invalid environment variable `{key}`"))?;
        }
        for (host, guest) in &self.dirs {
            let dir = Dir::open_ambient_dir(host, ambient_authority())
                .with_context(|| format!("cannot open the directory {}", host.display()))?;
            builder
                .preopened_dir(dir, guest)
                .map_err(|e| anyhow!("cannot preopen {} as {guest}: {e}", host.display()))?;
        }
        Ok(builder.build())
    }
}

/// `KEY=VALUE`, or `KEY` alone for the host's value.
fn parse_env(text: &str) -> Result<(String, Option<String>)> {
    let (key, value) = match text.split_once('=') {
        Some((key, value)) => (key, Some(value.to_string())),
        None => (text, None),
    };
    if key.is_empty() {
        bail!("`{text}` has no variable name; write KEY=VALUE");
    }
    Ok((key.to_string(), value))
}

/// `HOST` (seen by the program under the same path) or `HOST::GUEST`.
fn parse_dir(text: &str) -> Result<(PathBuf, String)> {
    let (host, guest) = text.split_once("::").unwrap_or((text, text));
    if host.is_empty() || guest.is_empty() {
        bail!("`{text}` is not a directory mapping; write HOST or HOST::GUEST");
    }
    Ok((PathBuf::from(host), guest.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn env_takes_a_value_or_the_hosts() {
        assert_eq!(parse_env("A=1").unwrap(), ("A".into(), Some("1".into())));
        assert_eq!(parse_env("A=x=y").unwrap(), ("A".into(), Some("x=y".into())));
        assert_eq!(parse_env("A=").unwrap(), ("A".into(), Some(String::new())));
        assert_eq!(parse_env("HOME").unwrap(), ("HOME".into(), None));
        assert!(parse_env("=1").is_err());
    }

    #[test]
    fn dirs_map_host_to_guest() {
        assert_eq!(parse_dir("/tmp/x").unwrap(), (PathBuf::from("/tmp/x"), "/tmp/x".into()));
        assert_eq!(parse_dir("out::/data").unwrap(), (PathBuf::from("out"), "/data".into()));
        assert!(parse_dir("::/data").is_err());
        assert!(parse_dir("out::").is_err());
    }
}
