import CLibEdit
import Foundation

/// Reads lines from the terminal with editing, history and tab completion (libedit).
// The prompt and the line being edited go to standard error, like the program's other prompts, so
// standard output stays the command's own. One thread at a time: libedit keeps its state unlocked.
final class LineEditor {
    /// What one read gave.
    enum Read: Equatable { case line(String), interrupted, end }

    /// Brackets the escape sequences of the prompt: libedit prints them without counting them in its width.
    private static let literalDelimiter: wchar_t = 1
    /// Entries kept, in memory and in the file.
    private static let historyLimit: Int32 = 1000
    /// Milliseconds to wait after a line for the rest of a paste: a terminal may deliver a long one in pieces,
    /// but they follow each other within microseconds, and every Enter waits this long (a follow-up's
    /// question should reach the model within 20 ms of it).
    private static let pasteWindow: Int32 = 3

    /// The editor; nil only when libedit could not start, and then lines are read without editing.
    private var editLine: OpaquePointer?
    /// The history the editor walks with the arrow keys.
    private var history: OpaquePointer?
    /// libedit's own stream to standard error, on a duplicate descriptor, so closing it leaves standard error open.
    private let output: UnsafeMutablePointer<FILE>?
    /// The stream libedit is given for standard input; it reads the descriptor itself, never through the stream.
    private let input: UnsafeMutablePointer<FILE>?
    /// A UTF-8 character type for this thread while libedit runs, whatever the process locale (Swift never calls setlocale).
    private let locale: locale_t?
    /// The prompt as given, for reading without libedit.
    private let promptText: String
    /// Where the history is kept between sessions.
    private let historyFile: String?
    /// Candidates for the word before the cursor.
    private let complete: (String) -> [String]
    /// Whether a person is typing: standard input and standard error are a terminal, so pastes can be told from typing.
    private let interactive: Bool
    /// The prompt as libedit wants it (wide, escape sequences bracketed, NUL-terminated); freed in deinit.
    private let prompt: UnsafeMutablePointer<wchar_t>
    /// Spaces as wide as the prompt, shown before the second and later lines of a paste so they line up.
    private let continuationPrompt: UnsafeMutablePointer<wchar_t>
    /// The prompt libedit prints next.
    private var currentPrompt: UnsafeMutablePointer<wchar_t>
    /// Names and help of the two commands: EL_ADDFN keeps these pointers, not copies, so they live as long as the editor.
    private let commandStrings: [UnsafeMutablePointer<wchar_t>]
    /// Set by the ^C command: the line that el_wgets returns is discarded.
    private var interrupted = false
    /// The history file as last loaded or saved here: another session's save changes it, and only then is it read again.
    private var historyStamp: [Int] = []

    /// - historyFile: loaded at init if it exists, saved (appended/rewritten, capped at 1000 entries) by `add`.
    /// - complete: given the text before the cursor, the candidates that complete the word there (for slash commands: "/he" -> ["/help"]).
    init(prompt: String, historyFile: String?, complete: @escaping (String) -> [String]) {
        promptText = prompt
        self.historyFile = historyFile
        self.complete = complete
        locale = newlocale(clibedit_lc_ctype_mask, "C.UTF-8", nil) ?? newlocale(clibedit_lc_ctype_mask, "", nil)
        let previous = locale.map { uselocale($0) }
        defer { if let previous { uselocale(previous) } }

        let (wide, width) = Self.libEditPrompt(prompt)
        self.prompt = Self.allocate(wide)
        continuationPrompt = Self.allocate(Array(repeating: wchar_t(32), count: width) + [0])
        currentPrompt = self.prompt
        commandStrings = ["lineeditor-interrupt", "Abandon the line", "lineeditor-complete", "Complete the word before the cursor"]
            .map { Self.allocate($0.unicodeScalars.map { wchar_t(bitPattern: $0.value) } + [0]) }
        // Close-on-exec, so programs the agent starts do not inherit the terminal's descriptors.
        output = Self.open(STDERR_FILENO, mode: "w")
        input = Self.open(STDIN_FILENO, mode: "r")
        interactive = isatty(STDIN_FILENO) == 1 && output.map { isatty(fileno($0)) == 1 } == true
        guard let input, let output,
            let editLine = el_init_fd("research-agent", input, output, output, STDIN_FILENO, fileno(output), fileno(output))
        else { return }
        self.editLine = editLine
        clibedit_set_client_data(editLine, Unmanaged.passUnretained(self).toOpaque())
        clibedit_set_prompt(editLine, Self.promptFunction, Self.literalDelimiter)
        clibedit_set_read_function(editLine, Self.readFunction)
        clibedit_set_emacs_mode(editLine)
        // Without ISIG the line discipline hands ^C over as a byte instead of raising SIGINT, which a
        // handler installed with signal() (SA_RESTART) would take while read(2) goes on waiting.
        clibedit_edit_mode_without_signals(editLine)
        clibedit_add_function(editLine, commandStrings[0], commandStrings[1], Self.interruptCommand)
        Self.withWide("^C") { clibedit_bind(editLine, $0, commandStrings[0]) }
        clibedit_add_function(editLine, commandStrings[2], commandStrings[3], Self.completeCommand)
        Self.withWide("^I") { clibedit_bind(editLine, $0, commandStrings[2]) }
        guard let history = history_winit() else { return }
        self.history = history
        clibedit_history_set_size(history, Self.historyLimit)
        clibedit_history_set_unique(history, 1)
        if let historyFile, FileManager.default.fileExists(atPath: historyFile) {
            clibedit_history_load(history, historyFile)
            historyStamp = Self.stamp(historyFile)
        }
        clibedit_set_history(editLine, history)
    }

    deinit {
        withEditingLocale {
            // el_end puts the terminal back as it found it (TCSAFLUSH: unread typeahead is dropped).
            if let editLine { el_end(editLine) }
            if let history { history_wend(history) }
        }
        if let output { fclose(output) }
        if let input { fclose(input) }
        prompt.deallocate()
        continuationPrompt.deallocate()
        for string in commandStrings { string.deallocate() }
        if let locale { freelocale(locale) }
    }

    /// Blocks for one line. Ctrl-C clears the line being edited and returns .interrupted; Ctrl-D on an empty line returns .end (EOF too).
    /// A multi-line paste (several lines arriving at once) is returned as ONE .line with the lines joined by "\n".
    func read() -> Read {
        guard let editLine else { return readWithoutEditing() }
        return withEditingLocale {
            var lines: [String] = []
            interrupted = false
            currentPrompt = prompt
            while true {
                var count: Int32 = 0
                let text = el_wgets(editLine, &count)
                if interrupted { return .interrupted }
                guard let text, count > 0 else {
                    // ^D gives 0 and leaves the cursor after the "^D" libedit echoed; end of input gives -1.
                    if interactive && count == 0, let output {
                        fputs("\n", output)
                        fflush(output)
                    }
                    return lines.isEmpty ? .end : .line(lines.joined(separator: "\n"))
                }
                lines.append(Self.string(text, count: Int(count), droppingLineEnd: true))
                // Typing cannot outrun the editor; bytes already waiting after a line break are a paste.
                guard interactive && Self.inputWaiting(milliseconds: Self.pasteWindow) else {
                    return .line(lines.joined(separator: "\n"))
                }
                currentPrompt = continuationPrompt
            }
        }
    }

    /// Adds a line to the history (skips empty and repeated-last lines) and saves the history file.
    func add(toHistory line: String) {
        guard let history, !line.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { return }
        withEditingLocale {
            // Lines another session saved meanwhile are loaded first, so this save keeps them. A save of
            // ours that failed leaves the stamp alone, and this session's lines stay in memory.
            if let historyFile, case let stamp = Self.stamp(historyFile), !stamp.isEmpty, stamp != historyStamp {
                clibedit_history_clear(history)
                clibedit_history_load(history, historyFile)
                historyStamp = stamp
            }
            if let newest = clibedit_history_newest(history), Self.string(newest, count: wcslen(newest)) == line { return }
            Self.withWide(line) { _ = clibedit_history_enter(history, $0) }
            guard let historyFile else { return }
            let directory = (historyFile as NSString).deletingLastPathComponent
            if !directory.isEmpty && !FileManager.default.fileExists(atPath: directory) {
                try? FileManager.default.createDirectory(
                    atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            }
            // Written aside and renamed, so a session starting meanwhile never loads half a file.
            let temporary = "\(historyFile).\(getpid()).tmp"
            if clibedit_history_save(history, temporary) >= 0, rename(temporary, historyFile) == 0 {
                historyStamp = Self.stamp(historyFile)
            } else {
                unlink(temporary)
            }
        }
    }

    /// Plain reading for when libedit could not start: no editing, but the same answers.
    private func readWithoutEditing() -> Read {
        if interactive, let output {
            fputs(promptText, output)
            fflush(output)
        }
        guard let line = readLine(strippingNewline: true) else { return .end }
        return .line(line)
    }

    /// Runs `body` with the UTF-8 character type on this thread, then restores the thread's locale.
    private func withEditingLocale<T>(_ body: () -> T) -> T {
        // libedit measures and encodes characters with the C library, which in the "C" locale (Swift never
        // calls setlocale) mangles anything beyond ASCII; uselocale changes this thread only.
        guard let locale else { return body() }
        let previous = uselocale(locale)
        defer { uselocale(previous) }
        return body()
    }

    /// The ^C command: marks the read as interrupted and ends it, showing "^C" after the abandoned text.
    private static let interruptCommand: clibedit_command = { editLine, _ in
        guard let editLine, let editor = editor(editLine) else { return UInt8(CC_ERROR) }
        editor.interrupted = true
        if let line = el_wline(editLine) {
            el_cursor(editLine, Int32(line.pointee.lastchar - line.pointee.cursor))
        }
        withWide("^C") { _ = el_winsertstr(editLine, $0) }
        // A pushed newline ends the read through ed-newline, which also moves the cursor below the line.
        withWide("\n") { el_wpush(editLine, $0) }
        return UInt8(CC_REFRESH)
    }

    /// The Tab command: completes the word before the cursor, or lists the candidates.
    private static let completeCommand: clibedit_command = { editLine, _ in
        guard let editLine, let editor = editor(editLine) else { return UInt8(CC_ERROR) }
        return editor.completeWord(editLine)
    }

    /// The prompt libedit prints: the primary one, or the continuation of a paste.
    private static let promptFunction: clibedit_prompt_function = { editLine in
        editLine.flatMap { editor($0) }?.currentPrompt
    }

    /// Reads one character from standard input, decoding UTF-8 here rather than by the locale.
    private static let readFunction: clibedit_read_function = { _, character in
        // Replaces libedit's own, which ends the read as an error on EINTR: a handler installed without
        // SA_RESTART (for SIGCHLD, say) would otherwise lose the line being typed.
        guard let character else { return -1 }
        guard let first = readByte() else { return errno == 0 ? 0 : -1 }
        let length =
            switch first {
            case 0..<0x80: 1
            case 0xC2..<0xE0: 2
            case 0xE0..<0xF0: 3
            case 0xF0..<0xF5: 4
            default: 0
            }
        var bytes = [first]
        while bytes.count < length, let next = readByte() {
            bytes.append(next)
            if next & 0xC0 != 0x80 { break }
        }
        let scalar = String(validating: bytes, as: UTF8.self).flatMap { $0.unicodeScalars.count == 1 ? $0.unicodeScalars.first : nil }
        character.pointee = wchar_t(bitPattern: (scalar ?? "\u{FFFD}").value)
        return 1
    }

    /// One byte of standard input; nil at its end (errno 0) or on an error.
    private static func readByte() -> UInt8? {
        var byte: UInt8 = 0
        while true {
            errno = 0
            let count = Glibc.read(STDIN_FILENO, &byte, 1)
            if count == 1 { return byte }
            if count < 0 && errno == EINTR { continue }
            if count == 0 { errno = 0 }
            return nil
        }
    }

    /// Completes the word before the cursor: the one candidate, else their common prefix, else lists them.
    private func completeWord(_ editLine: OpaquePointer) -> UInt8 {
        // A Tab that arrives with more input behind it is part of a paste: it stays a Tab.
        if Self.inputWaiting(milliseconds: 0) {
            Self.withWide("\t") { _ = el_winsertstr(editLine, $0) }
            return UInt8(CC_REFRESH)
        }
        guard let line = el_wline(editLine) else { return UInt8(CC_ERROR) }
        let before = Self.string(line.pointee.buffer, count: line.pointee.cursor - line.pointee.buffer)
        let word = String(String.UnicodeScalarView(before.unicodeScalars.reversed().prefix { !$0.properties.isWhitespace }.reversed()))
        let candidates = complete(before)
        guard let first = candidates.first else { return UInt8(CC_ERROR) }
        let replacement = candidates.dropFirst().reduce(first) { Self.commonPrefix($0, $1) }
        if replacement.unicodeScalars.count > word.unicodeScalars.count || (candidates.count == 1 && replacement != word) {
            el_deletestr(editLine, Int32(word.unicodeScalars.count))
            Self.withWide(replacement) { _ = el_winsertstr(editLine, $0) }
            return UInt8(CC_REFRESH)
        }
        guard candidates.count > 1, let output else { return UInt8(CC_NORM) }
        // libedit flushed its own output before reading the Tab, so this lands after the line; CC_REDISPLAY
        // then draws the prompt and the line again below the list.
        fputs("\n" + candidates.joined(separator: "  ") + "\n", output)
        return UInt8(CC_REDISPLAY)
    }

    /// Whether standard input has bytes waiting, within `milliseconds`.
    private static func inputWaiting(milliseconds: Int32) -> Bool {
        var descriptor = pollfd(fd: STDIN_FILENO, events: Int16(POLLIN), revents: 0)
        var result: Int32
        repeat { result = poll(&descriptor, 1, milliseconds) } while result < 0 && errno == EINTR
        return result > 0 && descriptor.revents & Int16(POLLIN) != 0
    }

    /// The editor behind an EditLine, through the client data set at init (C callbacks capture nothing).
    private static func editor(_ editLine: OpaquePointer) -> LineEditor? {
        clibedit_client_data(editLine).map { Unmanaged<LineEditor>.fromOpaque($0).takeUnretainedValue() }
    }

    /// Identifies the file's current version (inode, size, modification time); empty when it does not exist.
    private static func stamp(_ path: String) -> [Int] {
        var info = stat()
        guard stat(path, &info) == 0 else { return [] }
        return [Int(info.st_ino), Int(info.st_size), info.st_mtim.tv_sec, info.st_mtim.tv_nsec]
    }

    /// A duplicate of `descriptor`, close-on-exec, as a stream libedit can own and this class can close.
    private static func open(_ descriptor: Int32, mode: String) -> UnsafeMutablePointer<FILE>? {
        let duplicate = fcntl(descriptor, F_DUPFD_CLOEXEC, 0)
        guard duplicate >= 0 else { return nil }
        guard let stream = fdopen(duplicate, mode) else {
            close(duplicate)
            return nil
        }
        return stream
    }

    /// The prompt in libedit's form (escape sequences bracketed, so they take no width), and its width on screen.
    static func libEditPrompt(_ prompt: String) -> (prompt: [wchar_t], width: Int) {
        // libedit prints a bracketed escape sequence with the visible character after it, counts that
        // character's bytes as its width, and drops a bracketed sequence nothing follows. So each run of
        // escape sequences must precede a printable ASCII character; a run at the very end moves before the
        // prompt's final space. A prompt that does not fit these rules is shown without its escapes.
        var cells: [(escapes: [Unicode.Scalar], character: Unicode.Scalar)] = []
        var escapes: [Unicode.Scalar] = []
        var scalars = prompt.unicodeScalars.filter { $0 != "\u{1}" }[...]
        while let scalar = scalars.popFirst() {
            guard scalar == "\u{1B}" else {
                cells.append((escapes, scalar))
                escapes = []
                continue
            }
            escapes.append(scalar)
            guard let kind = scalars.popFirst() else { break }
            escapes.append(kind)
            if kind == "[" {
                // CSI: parameters and intermediates up to a final byte in @...~.
                while let next = scalars.popFirst() {
                    escapes.append(next)
                    if (0x40...0x7E).contains(next.value) { break }
                }
            } else if kind == "]" {
                // OSC: up to BEL or ESC \.
                while let next = scalars.popFirst() {
                    escapes.append(next)
                    if next == "\u{7}" || (next == "\\" && escapes.dropLast().last == "\u{1B}") { break }
                }
            }
        }
        if !escapes.isEmpty, let last = cells.indices.last, cells[last].character == " " {
            cells[last].escapes += escapes
            escapes = []
        }
        let countable = escapes.isEmpty && cells.allSatisfy { $0.escapes.isEmpty || (0x20...0x7E).contains($0.character.value) }
        var wide: [wchar_t] = []
        var width = 0
        for cell in cells {
            if countable && !cell.escapes.isEmpty {
                wide.append(literalDelimiter)
                wide += cell.escapes.map { wchar_t(bitPattern: $0.value) }
                wide.append(literalDelimiter)
            }
            let character = wchar_t(bitPattern: cell.character.value)
            wide.append(character)
            width += max(0, Int(clibedit_wcwidth(character)))
        }
        return (wide + [0], width)
    }

    /// The longest common prefix of two strings, by Unicode scalar as libedit counts.
    private static func commonPrefix(_ first: String, _ second: String) -> String {
        let shared = zip(first.unicodeScalars, second.unicodeScalars).prefix { $0 == $1 }.map(\.0)
        return String(String.UnicodeScalarView(shared))
    }

    /// A copy of `wide` that stays put for as long as libedit may read it.
    private static func allocate(_ wide: [wchar_t]) -> UnsafeMutablePointer<wchar_t> {
        let pointer = UnsafeMutablePointer<wchar_t>.allocate(capacity: wide.count)
        pointer.initialize(from: wide, count: wide.count)
        return pointer
    }

    /// Calls `body` with `text` as a NUL-terminated wide string.
    @discardableResult
    private static func withWide<T>(_ text: String, _ body: (UnsafePointer<wchar_t>) -> T) -> T {
        let wide = text.unicodeScalars.map { wchar_t(bitPattern: $0.value) } + [0]
        return wide.withUnsafeBufferPointer { buffer in
            buffer.baseAddress.map(body) ?? body([0])
        }
    }

    /// The text of `count` wide characters, without a trailing line break when asked.
    private static func string(_ wide: UnsafePointer<wchar_t>, count: Int, droppingLineEnd: Bool = false) -> String {
        var scalars = UnsafeBufferPointer(start: wide, count: count).compactMap { Unicode.Scalar(UInt32(bitPattern: $0)) }
        if droppingLineEnd && scalars.last == "\n" { scalars.removeLast() }
        if droppingLineEnd && scalars.last == "\r" { scalars.removeLast() }
        return String(String.UnicodeScalarView(scalars))
    }
}
