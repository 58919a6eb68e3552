/// The page quire uses when no template folder overrides it: one Mustache
/// template and a small stylesheet, kept in the binary so a fresh install
/// needs no files beside it.
enum BuiltinPage {
    /// Every value is escaped by `{{…}}`; only the body and the stylesheet,
    /// which quire itself produced, go in with `{{{…}}}`.
    static let template = """
        <!DOCTYPE html>
        <html lang="{{lang}}"{{#rtl}} dir="rtl"{{/rtl}}>
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>{{title}}</title>
        {{#description}}
        <meta name="description" content="{{description}}">
        {{/description}}
        {{#author}}
        <meta name="author" content="{{author}}">
        {{/author}}
        {{#keywords}}
        <meta name="keywords" content="{{keywords}}">
        {{/keywords}}
        {{#canonical}}
        <link rel="canonical" href="{{canonical}}">
        {{/canonical}}
        <meta name="generator" content="quire">
        <style>
        {{{stylesheet}}}
        </style>
        </head>
        <body>
        <main>
        <article>
        <header>
        <h1{{#titleId}} id="{{titleId}}"{{/titleId}}>{{title}}</h1>
        {{#hasByline}}
        <p class="byline">{{#date}}<time datetime="{{datetime}}">{{date}}</time>{{/date}}{{#author}}{{#date}} · {{/date}}{{author}}{{/author}}</p>
        {{/hasByline}}
        {{#draft}}
        <p class="draft">Draft</p>
        {{/draft}}
        </header>
        {{{body}}}
        {{#hasTags}}
        <footer>
        <ul class="tags">
        {{#tags}}
        <li>{{.}}</li>
        {{/tags}}
        </ul>
        </footer>
        {{/hasTags}}
        </article>
        </main>
        </body>
        </html>

        """

    /// Readable on a phone (fluid, no horizontal scrolling except inside
    /// code and wide tables) and on a wide screen (a measure of about 70
    /// characters); follows the reader's dark-mode setting.
    static let stylesheet = """
        :root { --text: #1f2328; --muted: #59636e; --bg: #ffffff; --code: #f3f4f6; --rule: #d1d9e0; --link: #0550ae; }
        @media (prefers-color-scheme: dark) {
          :root { --text: #e6edf3; --muted: #9198a1; --bg: #0d1117; --code: #1f242c; --rule: #3d444d; --link: #6cb6ff; }
        }
        * { box-sizing: border-box; }
        body { margin: 0; background: var(--bg); color: var(--text); overflow-wrap: break-word;
          font: 1.0625rem/1.65 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", sans-serif; }
        main { max-width: 42rem; margin: 0 auto; padding: 1.5rem 1.25rem 4rem; }
        h1, h2, h3, h4, h5, h6 { line-height: 1.25; margin: 2rem 0 0.75rem; }
        h1 { font-size: 2rem; margin-top: 0.5rem; }
        a { color: var(--link); }
        img { max-width: 100%; height: auto; }
        code, pre { font-family: ui-monospace, Menlo, Consolas, "DejaVu Sans Mono", monospace; font-size: 0.9em; }
        code { background: var(--code); padding: 0.1em 0.3em; border-radius: 4px; }
        pre { background: var(--code); padding: 1rem; overflow-x: auto; border-radius: 6px; line-height: 1.45; }
        pre code { background: none; padding: 0; }
        blockquote { margin: 1.25rem 0; padding: 0 1rem; border-left: 4px solid var(--rule); color: var(--muted); }
        table { display: block; max-width: 100%; overflow-x: auto; border-collapse: collapse; margin: 1.25rem 0; }
        th, td { border: 1px solid var(--rule); padding: 0.4rem 0.75rem; }
        hr { border: 0; border-top: 1px solid var(--rule); margin: 2rem 0; }
        .byline, .draft, .tags, .footnotes { color: var(--muted); font-size: 0.9rem; }
        .draft { font-weight: bold; text-transform: uppercase; letter-spacing: 0.05em; }
        .toc { border: 1px solid var(--rule); border-radius: 6px; padding: 0.25rem 1rem; margin: 1.5rem 0; }
        .task { list-style: none; }
        .task input { margin: 0 0.4em 0 -1.4em; }
        .tags { list-style: none; padding: 0; margin: 2.5rem 0 0; }
        .tags li { display: inline-block; border: 1px solid var(--rule); border-radius: 1rem; padding: 0 0.6rem; margin: 0 0.3rem 0.3rem 0; }
        .footnotes { border-top: 1px solid var(--rule); margin-top: 3rem; }
        @media (min-width: 64rem) { body { font-size: 1.125rem; } main { padding-top: 3rem; } }
        """

    /// Added to `stylesheet` on a right-to-left page: the rules above that
    /// name a side, mirrored. Code stays left to right, as it is written.
    /// Left-to-right pages do without it, so their bytes stay as they were.
    static let rightToLeftStylesheet = """
        [dir="rtl"] blockquote { border-left: 0; border-right: 4px solid var(--rule); }
        [dir="rtl"] .task input { margin: 0 -1.4em 0 0.4em; }
        [dir="rtl"] .tags li { margin: 0 0 0.3rem 0.3rem; }
        [dir="rtl"] pre:not([dir]) { direction: ltr; text-align: left; }
        """
}
