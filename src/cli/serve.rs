//! `maillon serve`: parses the options and hands over to [`crate::serve::serve`], which runs
//! until Ctrl-C.

use crate::error::Result;
use crate::serve::{ServeOptions, serve};

use super::{SUCCESS, ServeArgs};

pub(super) fn run(args: ServeArgs) -> Result<u8> {
    serve(ServeOptions {
        root: args.root,
        bind: args.bind,
        port: args.port,
        open: args.open,
        drafts: args.drafts,
    })?;
    Ok(SUCCESS)
}
