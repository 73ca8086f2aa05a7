import Retrieval

/// Realistic snippets in each language the code chunker reads, each with braces inside
/// comments and strings that must not count.
enum CodeSamples {
    /// The snippet for `language`.
    static func sample(_ language: SourceLanguage) -> String {
        switch language {
        case .swift: swiftSample
        case .python: pythonSample
        case .c: cSample
        case .cpp: cppSample
        case .javascript: javascriptSample
        case .typescript: typescriptSample
        case .go: goSample
        case .rust: rustSample
        case .java: javaSample
        }
    }

    static let swiftSample = #"""
        import Foundation

        /// Parses input { not a brace }.
        /// - Parameter text: the "{" text.
        @discardableResult
        public func parse(_ text: String) -> Int {
            let open = "{"  // a brace in a string
            let raw = #"}"#
            let multi = """
                }}} not code {
                """
            /* nested /* comment { */ still comment } */
            return text.count + open.count + raw.count + multi.count
        }

        public struct Parser: Sendable {
            var depth = 0

            mutating func step(_ c: Character) {
                if c == "{" { depth += 1 } else if c == "}" { depth -= 1 }
                print("depth \(depth) {\("}")}")
            }
        }

        extension Parser {
            var isBalanced: Bool { depth == 0 }
        }
        """#

    static let pythonSample = #"""
        """Module docstring with a { brace."""
        import os
        import sys


        # Helpers for the { registry }.
        def helper(x):
            return {"key": x, "other": "}"}


        @app.route("/items/{id}")
        @login_required
        def show(id):
            '''Shows an item; ''' + "}"
            text = f"{id}"
            return text


        class Store(Base):
            """A store."""

            def __init__(self):
                self.items = {}

            @property
            def size(self):
                return len(self.items)

            async def load(self, path):
                with open(path) as f:
                    return f.read()


        async def main():
            pass


        if __name__ == "__main__":
            main()
        else:
            pass
        """#

    static let cSample = #"""
        #include <stdio.h>
        #include "util.h"

        /* Counts { braces } in a line. */
        static int count(const char *s)
        {
            int n = 0;
            for (; *s; s++) {
                if (*s == '{') n++;   // '{'
                if (*s == '}') n--;
            }
            return n;
        }

        struct point {
            int x, y;  /* "}" */
        };

        int main(int argc, char **argv)
        {
            printf("{%d}\n", count(argv[0]));
            return 0;
        }
        """#

    static let cppSample = #"""
        #include <string>

        namespace geo {

        // A shape { with braces in a comment }.
        template <typename T>
        class Shape {
        public:
            virtual ~Shape() = default;
            virtual T area() const = 0;
            std::string name() const { return R"(raw "}" string)"; }
        };

        constexpr long big = 1'000'000;

        }  // namespace geo

        int main() {
            auto s = std::string("{");
            char c = '}';
            return s.size() + c;
        }
        """#

    static let javascriptSample = #"""
        import { readFile } from "node:fs/promises";

        // Matches { and } in templates.
        const pattern = /[{}]/g;

        export function render(name) {
          const greeting = `Hello ${name} {not a brace}`;
          return greeting.replace(pattern, "");
        }

        class Widget extends Base {
          constructor(el) {
            super(el);
            this.label = '}';
          }

          draw() {
            return `${this.label.length > 0 ? `${"{"}` : "}"}`;
          }
        }

        module.exports = { render, Widget };
        """#

    static let typescriptSample = #"""
        interface Options {
          /** A { in a doc comment. */
          depth: number;
          label?: string;
        }

        export type Handler = (input: string) => void;

        @Component({ selector: "app-root" })
        export class AppComponent {
          title = "{app}";

          constructor(private readonly options: Options) {}

          handle(input: string): string {
            return `${input}}`;
          }
        }

        export const defaults: Options = { depth: 1 };
        """#

    static let goSample = #"""
        package main

        import (
        	"fmt"
        	"strings"
        )

        // Config holds { settings }.
        type Config struct {
        	Name string `json:"name"` // "}"
        }

        func (c *Config) String() string {
        	return fmt.Sprintf("{%s}", c.Name)
        }

        func main() {
        	r := '}'
        	raw := `}
        {`
        	fmt.Println(strings.Count(raw, "{"), r)
        }
        """#

    static let rustSample = #"""
        use std::fmt;

        /// A token { in docs }.
        #[derive(Debug, Clone)]
        pub enum Token<'a> {
            Open,
            Text(&'a str),
        }

        impl<'a> fmt::Display for Token<'a> {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                match self {
                    Token::Open => write!(f, "{{"),
                    Token::Text(t) => write!(f, r#"}}{}"#, t),
                }
            }
        }

        /* outer /* nested { */ comment } */
        fn brace() -> char {
            '{'
        }
        """#

    static let javaSample = #"""
        package org.example;

        import java.util.List;

        /**
         * Greets { people }.
         */
        public class Greeter {
            private static final String OPEN = "{";

            @Override
            public String toString() {
                return "Greeter}";
            }

            public String greet(List<String> names) {
                char close = '}';
                String block = """
                    { text block }
                    }""";
                return OPEN + String.join(",", names) + close + block;
            }
        }
        """#
}
