import CLibXML2

/// The few libxml2 calls the book needs, each keeping its C pointers
/// inside the function that made them.
///
/// Threads: `xmlInitParser()` runs once, before any parse (Swift's lazy
/// statics are initialised under a lock). libxml2's error hooks are
/// per-thread in Debian's threaded build, so `prepareThread()` installs a
/// silent structured handler on the calling thread before each parse:
/// nothing reaches standard error, and the parser context still records
/// the last error, which is how failures are reported.
enum LibXML {
    private static let initialized: Bool = {
        xmlInitParser()
        return true
    }()

    static func prepareThread() {
        _ = initialized
        xmlSetStructuredErrorFunc(nil, silentStructuredError)
    }

    /// Parses `bytes` as XML with the network and entity substitution off
    /// (no XML_PARSE_NOENT, no XML_PARSE_DTDLOAD, no XML_PARSE_HUGE) and
    /// returns nil when it is well-formed, else libxml2's message.
    static func wellFormednessError(_ bytes: [UInt8], name: String) -> String? {
        prepareThread()
        guard let context = xmlNewParserCtxt() else { return "libxml2 could not make a parser" }
        defer { xmlFreeParserCtxt(context) }
        let document: xmlDocPtr? = bytes.withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) { chars in
                xmlCtxtReadMemory(context, chars.baseAddress, Int32(chars.count), name, "UTF-8",
                                  Int32(XML_PARSE_NONET.rawValue))
            }
        }
        if let document {
            xmlFreeDoc(document)
            if context.pointee.wellFormed != 0 { return nil }
        }
        return lastError(of: context) ?? "not well-formed"
    }

    static func lastError(of context: xmlParserCtxtPtr) -> String? {
        let error = context.pointee.lastError
        guard error.code != 0 else { return nil }
        let message = error.message.map { String(cString: $0) } ?? "error \(error.code)"
        return "line \(error.line): " + message.trimmingWhitespace
    }
}

/// Swallows libxml2's messages; the parser context keeps the last one.
private func silentStructuredError(_ userData: UnsafeMutableRawPointer?, _ error: xmlErrorPtr?) {}
