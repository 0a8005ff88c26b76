//! Rebuilds the binary when the data it embeds changes: the default theme, the chain models,
//! the checker's messages and the `init` scaffold are compiled in with `include_dir!`, which
//! does not tell cargo about files added later.

fn main() {
    println!("cargo:rerun-if-changed=themes/default");
    println!("cargo:rerun-if-changed=data");
}
