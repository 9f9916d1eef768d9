//! Embeds every official edition in `checklists/*.yaml` into the binary, so a closed hospital
//! network needs nothing but the executable. Adding a file here adds an edition.

use std::io::Write;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    println!("cargo:rerun-if-changed=checklists");
    let mut files: Vec<_> = std::fs::read_dir("checklists")?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "yaml"))
        .collect();
    files.sort();
    let out = std::path::Path::new(&std::env::var("OUT_DIR")?).join("builtin_editions.rs");
    let mut f = std::fs::File::create(out)?;
    writeln!(f, "/// (file name, contents) of every shipped edition.")?;
    writeln!(f, "pub static BUILTIN: &[(&str, &str)] = &[")?;
    for p in files {
        let abs = std::fs::canonicalize(&p)?;
        let name = p
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        writeln!(
            f,
            "    ({name:?}, include_str!({:?})),",
            abs.display().to_string()
        )?;
        println!("cargo:rerun-if-changed={}", p.display());
    }
    writeln!(f, "];")?;
    Ok(())
}
