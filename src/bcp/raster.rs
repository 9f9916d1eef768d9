//! The BCP's SVG diagrams as PNG for the docx (Word shows raster images everywhere; SVG only
//! in recent versions). resvg draws the text with the fonts of the machine: the drawings ask
//! for Noto Sans CJK JP, Hiragino Sans, Yu Gothic or Meiryo and fall back to any installed
//! font that has the characters. On a machine without Japanese fonts the boxes are drawn and
//! the text is missing from the picture; the docx still carries every fact as text.

use resvg::{tiny_skia, usvg};

/// Pixels per CSS pixel: 2 keeps small Japanese text sharp when printed.
const SCALE: f32 = 2.0;

/// Fonts loaded once per document (loading the system's fonts is the slow part).
pub struct Rasteriser {
    options: usvg::Options<'static>,
}

impl Rasteriser {
    pub fn new() -> Rasteriser {
        let mut options = usvg::Options {
            languages: vec!["ja".into(), "en".into()],
            ..usvg::Options::default()
        };
        let db = options.fontdb_mut();
        db.load_system_fonts();
        for family in ["Noto Sans CJK JP", "Yu Gothic", "Meiryo", "Hiragino Sans"] {
            if db
                .faces()
                .any(|f| f.families.iter().any(|(n, _)| n == family))
            {
                db.set_sans_serif_family(family);
                break;
            }
        }
        Rasteriser { options }
    }

    /// PNG bytes and the drawing's size in CSS pixels.
    pub fn png(&self, svg: &str) -> Result<(Vec<u8>, u32, u32), String> {
        let tree = usvg::Tree::from_str(svg, &self.options).map_err(|e| e.to_string())?;
        let size = tree.size();
        let (w, h) = (size.width().ceil() as u32, size.height().ceil() as u32);
        let mut pixmap = tiny_skia::Pixmap::new(
            (w as f32 * SCALE).ceil() as u32,
            (h as f32 * SCALE).ceil() as u32,
        )
        .ok_or_else(|| format!("a drawing of {w}×{h} pixels cannot be rasterised"))?;
        pixmap.fill(tiny_skia::Color::WHITE);
        resvg::render(
            &tree,
            tiny_skia::Transform::from_scale(SCALE, SCALE),
            &mut pixmap.as_mut(),
        );
        let png = pixmap.encode_png().map_err(|e| e.to_string())?;
        Ok((png, w, h))
    }
}
