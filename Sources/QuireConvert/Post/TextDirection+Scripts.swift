/// The subtags that read right to left. Scripts: the ISO 15924 codes of
/// Unicode's right-to-left scripts (bidi class R or AL). Languages: those
/// whose usual script (CLDR's likely subtags) is one of them; a language
/// also written left to right by default (`ku`, `ms`, `pa`, `ff`) needs its
/// script subtag (`ku-Arab`) to turn.
extension TextDirection {
    static let rightToLeftScripts: Set<String> = [
        "adlm", "arab", "aran", "armi", "avst", "chrs", "cprt", "elym", "gara", "hatr", "hebr", "hung",
        "khar", "lydi", "mand", "mani", "mend", "merc", "mero", "narb", "nbat", "nkoo", "orkh", "ougr",
        "palm", "phli", "phlp", "phlv", "phnx", "prti", "rohg", "samr", "sarb", "sogd", "sogo", "syrc",
        "syre", "syrj", "syrn", "thaa", "yezi",
    ]

    static let rightToLeftLanguages: Set<String> = [
        // Arabic and its varieties (the members of the `ar` macrolanguage).
        "ar", "aao", "abh", "abv", "acm", "acq", "acw", "acx", "acy", "adf", "aeb", "aec", "afb", "ajp",
        "apc", "apd", "arb", "arq", "ars", "ary", "arz", "auz", "avl", "ayh", "ayl", "ayn", "ayp", "bbz",
        "shu", "ssh",
        // Hebrew, Yiddish and the Jewish languages written in Hebrew script
        // (`iw` and `ji` are the old codes of Hebrew and Yiddish).
        "he", "iw", "hbo", "yi", "ji", "ydd", "yih", "lad", "jrb", "jpr", "jye", "aju",
        // Persian, Dari, Pashto, Urdu, Sindhi, Kashmiri, Uyghur, Dhivehi.
        "fa", "pes", "prs", "haz", "ps", "pbt", "pbu", "pst", "ur", "sd", "ks", "ug", "dv",
        // Kurdish in Arabic script (Sorani, Southern, Laki), Luri, Mazanderani, Gilaki.
        "ckb", "sdh", "lki", "lrc", "mzn", "glk",
        // Other languages of Arabic script: South Azerbaijani, Balochi,
        // Western Balochi, Bakhtiari, Brahui, Western Punjabi, Saraiki,
        // Khowar, Beja, Ottoman Turkish.
        "azb", "bal", "bgn", "bqi", "brh", "pnb", "skr", "khw", "bej", "ota",
        // Syriac and Aramaic, N'Ko, Rohingya, Samaritan, old Semitic languages.
        "syr", "syc", "aii", "cld", "arc", "nqo", "rhg", "sam", "smp", "phn", "xna", "xsa",
    ]
}
