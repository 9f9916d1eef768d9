//! `kensa verify` on a bundle from bytes: the tar walk with its name, type, size and order
//! checks, the manifest, the signature and the layout (padding, trailer).
#![no_main]

use std::io::Cursor;
use std::path::Path;

use kensa::bundle::reader::verify_from;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let result = verify_from(
        Path::new("bundle.tar"),
        Cursor::new(data),
        data.len() as u64,
        None,
    );
    match result {
        Ok(v) => {
            assert!(v.files <= data.len() / 512);
            assert!(v.bytes <= data.len() as u64);
        }
        Err(e) => {
            let _ = e.to_string();
        }
    }
});
