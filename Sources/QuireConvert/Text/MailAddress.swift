/// One mailbox: an optional display name and an address, as written on the
/// command line (`Ada <ada@example.com>` or `ada@example.com`).
public struct MailAddress: Sendable, Equatable, CustomStringConvertible {
    public var name: String?
    public var address: String

    public struct Invalid: Error, CustomStringConvertible, Equatable {
        public var text: String
        public var description: String {
            "\"\(text)\" is not an e-mail address (write ada@example.com or \"Ada <ada@example.com>\")"
        }
    }

    public init(name: String? = nil, address: String) throws(Invalid) {
        guard Self.isAddress(address) else { throw Invalid(text: address) }
        self.name = name
        self.address = address
    }

    public init(parsing text: String) throws(Invalid) {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if trimmed.hasSuffix(">"), let open = trimmed.lastIndex(of: "<") {
            var name = trimmed[..<open].trimmingCharacters(in: .whitespaces)
            if name.hasPrefix("\""), name.hasSuffix("\""), name.count >= 2 { name = String(name.dropFirst().dropLast()) }
            let address = String(trimmed[trimmed.index(after: open)..<trimmed.index(before: trimmed.endIndex)])
            guard Self.isAddress(address) else { throw Invalid(text: text) }
            self.name = name.isEmpty ? nil : name
            self.address = address
        } else {
            guard Self.isAddress(trimmed) else { throw Invalid(text: text) }
            self.name = nil
            self.address = trimmed
        }
    }

    /// `local@domain` in printable ASCII without white space or the
    /// characters that end an address: enough to keep headers intact.
    /// Internationalised addresses (RFC 6531) need SMTPUTF8 and are refused.
    static func isAddress(_ text: String) -> Bool {
        let parts = text.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else { return false }
        return text.unicodeScalars.allSatisfy { $0.value > 0x20 && $0.value < 0x7F && !"<>()[],;:\\\"".unicodeScalars.contains($0) }
    }

    /// The domain, for Message-ID.
    public var domain: String { String(address.split(separator: "@").last ?? "localhost") }

    /// The header form, RFC 2047-encoded when the name is not ASCII.
    public var description: String { EncodedWord.mailbox(name: name, address: address) }
}
