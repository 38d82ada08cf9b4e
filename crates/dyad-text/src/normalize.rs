/// The form of a token as the parser should see it.
///
/// The tagger and parser are trained on EWT, which writes quotes and
/// apostrophes mostly in ASCII; news uses curly ones. Mapping them here keeps
/// the models' vocabulary small without touching the text or the spans. Only
/// a fixed set of forms is mapped, so no allocation is needed.
pub fn parser_form(surface: &str) -> &str {
    match surface {
        "“" | "”" | "„" | "«" | "»" | "``" | "''" => "\"",
        "‘" | "’" | "‹" | "›" => "'",
        "’s" | "’S" => "'s",
        "n’t" | "N’T" | "n’T" => "n't",
        "’re" => "'re",
        "’ve" => "'ve",
        "’ll" => "'ll",
        "’d" => "'d",
        "’m" => "'m",
        "—" | "–" | "―" => "--",
        "…" => "...",
        _ => surface,
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn maps_typographic_forms() {
        assert_eq!(super::parser_form("’s"), "'s");
        assert_eq!(super::parser_form("“"), "\"");
        assert_eq!(super::parser_form("Kyiv"), "Kyiv");
    }
}
