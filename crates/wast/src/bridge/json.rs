//! Just enough JSON for the layout document.

/// A JSON value (numbers are the non-negative integers the layout uses).
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Value {
    Null,
    Bool(bool),
    Number(u64),
    String(String),
    Array(Vec<Value>),
    Object(Vec<(String, Value)>),
}

impl Value {
    pub(super) fn member(&self, key: &str) -> Option<&Value> {
        match self {
            Value::Object(members) => members.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    pub(super) fn get(&self, key: &str) -> Result<&Value, String> {
        self.member(key).ok_or_else(|| format!("no member `{key}`"))
    }

    pub(super) fn number(&self) -> Result<u64, String> {
        match self {
            Value::Number(n) => Ok(*n),
            other => Err(format!("expected a number, found {other:?}")),
        }
    }

    pub(super) fn optional_number(&self) -> Result<Option<u64>, String> {
        match self {
            Value::Null => Ok(None),
            other => other.number().map(Some),
        }
    }

    pub(super) fn string(&self) -> Result<&str, String> {
        match self {
            Value::String(s) => Ok(s),
            other => Err(format!("expected a string, found {other:?}")),
        }
    }

    pub(super) fn array(&self) -> Result<&[Value], String> {
        match self {
            Value::Array(items) => Ok(items),
            other => Err(format!("expected an array, found {other:?}")),
        }
    }
}

/// Parses one JSON document.
pub(super) fn parse(text: &str) -> Result<Value, String> {
    let mut parser = Parser { bytes: text.as_bytes(), at: 0 };
    let value = parser.value(0)?;
    parser.skip_ws();
    if parser.at != parser.bytes.len() {
        return Err(format!("trailing characters at byte {}", parser.at));
    }
    Ok(value)
}

struct Parser<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl Parser<'_> {
    fn error<V>(&self, what: &str) -> Result<V, String> {
        Err(format!("{what} at byte {}", self.at))
    }

    fn skip_ws(&mut self) {
        while self.bytes.get(self.at).is_some_and(|b| b" \t\r\n".contains(b)) {
            self.at += 1;
        }
    }

    fn peek(&mut self) -> Option<u8> {
        self.skip_ws();
        self.bytes.get(self.at).copied()
    }

    fn eat(&mut self, byte: u8) -> bool {
        if self.peek() == Some(byte) {
            self.at += 1;
            true
        } else {
            false
        }
    }

    fn keyword(&mut self, word: &str, value: Value) -> Result<Value, String> {
        if self.bytes[self.at..].starts_with(word.as_bytes()) {
            self.at += word.len();
            Ok(value)
        } else {
            self.error("unexpected character")
        }
    }

    fn value(&mut self, depth: usize) -> Result<Value, String> {
        if depth > 64 {
            return self.error("nested too deeply");
        }
        match self.peek() {
            Some(b'n') => self.keyword("null", Value::Null),
            Some(b't') => self.keyword("true", Value::Bool(true)),
            Some(b'f') => self.keyword("false", Value::Bool(false)),
            Some(b'"') => self.string().map(Value::String),
            Some(b'0'..=b'9') => self.number(),
            Some(b'[') => {
                self.at += 1;
                let mut items = Vec::new();
                if !self.eat(b']') {
                    loop {
                        items.push(self.value(depth + 1)?);
                        if self.eat(b']') {
                            break;
                        }
                        if !self.eat(b',') {
                            return self.error("expected `,` or `]`");
                        }
                    }
                }
                Ok(Value::Array(items))
            }
            Some(b'{') => {
                self.at += 1;
                let mut members = Vec::new();
                if !self.eat(b'}') {
                    loop {
                        if self.peek() != Some(b'"') {
                            return self.error("expected a member name");
                        }
                        let key = self.string()?;
                        if !self.eat(b':') {
                            return self.error("expected `:`");
                        }
                        members.push((key, self.value(depth + 1)?));
                        if self.eat(b'}') {
                            break;
                        }
                        if !self.eat(b',') {
                            return self.error("expected `,` or `}`");
                        }
                    }
                }
                Ok(Value::Object(members))
            }
            _ => self.error("expected a value"),
        }
    }

    fn number(&mut self) -> Result<Value, String> {
        let start = self.at;
        while self.bytes.get(self.at).is_some_and(u8::is_ascii_digit) {
            self.at += 1;
        }
        if self.bytes.get(self.at).is_some_and(|b| b".eE".contains(b)) {
            return self.error("only integers are expected");
        }
        let digits = std::str::from_utf8(&self.bytes[start..self.at]).unwrap_or_default();
        digits.parse().map(Value::Number).or_else(|_| self.error("number out of range"))
    }

    fn hex4(&mut self) -> Result<u32, String> {
        let digits = self.bytes.get(self.at..self.at + 4).unwrap_or_default();
        let text = std::str::from_utf8(digits).unwrap_or_default();
        match (text.len(), u32::from_str_radix(text, 16)) {
            (4, Ok(v)) => {
                self.at += 4;
                Ok(v)
            }
            _ => self.error("bad \\u escape"),
        }
    }

    /// A string literal; `self.at` is at its opening quote.
    fn string(&mut self) -> Result<String, String> {
        self.at += 1;
        let mut out = Vec::new();
        loop {
            let Some(&byte) = self.bytes.get(self.at) else {
                return self.error("unterminated string");
            };
            self.at += 1;
            match byte {
                b'"' => break,
                b'\\' => {
                    let Some(&escape) = self.bytes.get(self.at) else {
                        return self.error("unterminated string");
                    };
                    self.at += 1;
                    let c = match escape {
                        b'"' => '"',
                        b'\\' => '\\',
                        b'/' => '/',
                        b'b' => '\u{8}',
                        b'f' => '\u{c}',
                        b'n' => '\n',
                        b'r' => '\r',
                        b't' => '\t',
                        b'u' => {
                            let high = self.hex4()?;
                            let code = if (0xd800..0xdc00).contains(&high)
                                && self.bytes[self.at..].starts_with(b"\\u")
                            {
                                self.at += 2;
                                let low = self.hex4()?;
                                if !(0xdc00..0xe000).contains(&low) {
                                    return self.error("bad surrogate pair");
                                }
                                0x10000 + ((high - 0xd800) << 10) + (low - 0xdc00)
                            } else {
                                high
                            };
                            match char::from_u32(code) {
                                Some(c) => c,
                                None => return self.error("lone surrogate"),
                            }
                        }
                        _ => return self.error("bad escape"),
                    };
                    let mut buf = [0; 4];
                    out.extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
                }
                byte => out.push(byte),
            }
        }
        String::from_utf8(out).or_else(|_| self.error("invalid UTF-8"))
    }
}

#[cfg(test)]
mod tests {
    use super::{Value, parse};

    #[test]
    fn parses_the_layout_shapes() {
        let v = parse(r#" {"a":[1, null, "x\"\u00e9\ud83d\ude00"], "b":{}, "c":true} "#)
            .expect("valid JSON");
        assert_eq!(v.get("a").and_then(Value::array).map(<[Value]>::len), Ok(3));
        assert_eq!(v.get("a").expect("a").array().expect("array")[2].string(), Ok("x\"é😀"));
        assert!(parse("[1,]").is_err());
        assert!(parse("1.5").is_err());
        assert!(parse("{} x").is_err());
    }
}
