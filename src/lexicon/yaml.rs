//! quanteda YAML dictionaries: nested mappings whose leaves are lists of glob patterns (or a
//! single pattern). Nested keys flatten to dotted category names (`AFRICA.EAST.BI`); a list
//! nested in a list is flattened into its category, as quanteda's `unlist` does. A mapping
//! of patterns to numbers (`AFINN: {abandon: -2, abhor: -3}`) is a weighted category, the
//! valence of a quanteda.sentiment dictionary: its terms keep their numbers as scores.
//!
//! The file is read from the YAML parser's events into a small tree of its own, with the line
//! of every key and pattern, rather than through a loader that expands aliases blindly: YAML
//! aliases (`*a` repeating the node anchored `&a`) are expanded, but a file whose aliases would
//! expand past [`MAX_NODES`] nodes (the "billion laughs": a few hundred bytes that expand to
//! gigabytes) or that nests deeper than [`MAX_DEPTH`] is refused with its line, in memory
//! bounded by those limits.

use std::collections::HashMap;

use yaml_rust2::parser::Parser;
use yaml_rust2::scanner::{Marker, TScalarStyle};
use yaml_rust2::Event;

use super::{Builder, Categories, Lexicon, LexiconError, Score};

/// The score a scalar gives, if it is a finite number.
fn number(node: &Node) -> Option<Score> {
    match node {
        Node::Scalar(Some(s), _) => s.trim().parse::<f64>().ok().and_then(Score::new),
        _ => None,
    }
}

/// Nodes a dictionary may have once its aliases are expanded: a hundred times the largest real
/// dictionary (Newsmap's, about 10,000 patterns).
pub const MAX_NODES: usize = 1_000_000;

/// How deep mappings and lists may nest.
pub const MAX_DEPTH: usize = 64;

/// A node of the YAML document, with its line.
#[derive(Debug, Clone)]
enum Node {
    /// Text of a scalar; `None` for a null (`~`, `null`, or nothing).
    Scalar(Option<String>, usize),
    List(Vec<Node>, usize),
    Map(Vec<(Node, Node)>, usize),
}

impl Node {
    fn line(&self) -> usize {
        match self {
            Node::Scalar(_, l) | Node::List(_, l) | Node::Map(_, l) => *l,
        }
    }

    /// Levels of nesting inside this node (a scalar has none).
    fn height(&self) -> usize {
        match self {
            Node::Scalar(..) => 0,
            Node::List(items, _) => 1 + items.iter().map(Node::height).max().unwrap_or(0),
            Node::Map(pairs, _) => {
                1 + pairs
                    .iter()
                    .map(|(k, v)| k.height().max(v.height()))
                    .max()
                    .unwrap_or(0)
            }
        }
    }

    /// This node and every node inside it.
    fn size(&self) -> usize {
        match self {
            Node::Scalar(..) => 1,
            Node::List(items, _) => 1 + items.iter().map(Node::size).sum::<usize>(),
            Node::Map(pairs, _) => {
                1 + pairs
                    .iter()
                    .map(|(k, v)| k.size() + v.size())
                    .sum::<usize>()
            }
        }
    }
}

/// A mapping or list being read, with its anchor.
enum Open {
    List(Vec<Node>, usize, usize),
    Map(Vec<(Node, Node)>, Option<Node>, usize, usize),
}

/// Builds the tree from the parser's events, or records why it cannot.
#[derive(Default)]
struct Tree {
    stack: Vec<Open>,
    /// anchored nodes with their sizes and heights, by anchor id
    anchors: HashMap<usize, (Node, usize, usize)>,
    nodes: usize,
    root: Option<Node>,
    failed: Option<(usize, String)>,
}

impl Tree {
    fn fail(&mut self, line: usize, message: String) {
        if self.failed.is_none() {
            self.failed = Some((line, message));
        }
        self.stack.clear();
        self.anchors.clear();
    }

    fn count(&mut self, n: usize, line: usize) -> bool {
        self.nodes += n;
        if self.nodes > MAX_NODES {
            self.fail(
                line,
                format!(
                    "more than {MAX_NODES} nodes once its aliases (`*name`) are expanded: refused as an alias bomb; a dictionary needs no aliases, write the patterns out"
                ),
            );
            return false;
        }
        true
    }

    /// A complete node: into its parent, or the root.
    fn done(&mut self, node: Node, anchor: usize, line: usize) {
        if anchor > 0 {
            let size = node.size();
            // the kept copy counts too
            if !self.count(size, line) {
                return;
            }
            let height = node.height();
            self.anchors.insert(anchor, (node.clone(), size, height));
        }
        match self.stack.last_mut() {
            None => {
                if self.root.is_none() {
                    self.root = Some(node);
                }
            }
            Some(Open::List(items, ..)) => items.push(node),
            Some(Open::Map(pairs, key, ..)) => match key.take() {
                None => *key = Some(node),
                Some(k) => pairs.push((k, node)),
            },
        }
    }

    fn open(&mut self, frame: Open, line: usize) {
        if self.stack.len() >= MAX_DEPTH {
            self.fail(
                line,
                format!("nested more than {MAX_DEPTH} levels deep; a dictionary needs a few"),
            );
            return;
        }
        self.stack.push(frame);
    }
}

impl Tree {
    /// Whether the tree is complete (the first document is read) or has failed.
    fn finished(&self) -> bool {
        self.failed.is_some() || (self.root.is_some() && self.stack.is_empty())
    }

    fn on_event(&mut self, ev: Event, mark: Marker) {
        if self.finished() {
            return; // only the first document is read
        }
        let line = mark.line();
        match ev {
            Event::Scalar(text, style, anchor, _) => {
                if !self.count(1, line) {
                    return;
                }
                let null = style == TScalarStyle::Plain
                    && matches!(text.as_str(), "" | "~" | "null" | "Null" | "NULL");
                self.done(Node::Scalar((!null).then_some(text), line), anchor, line);
            }
            Event::SequenceStart(anchor, _) if self.count(1, line) => {
                self.open(Open::List(Vec::new(), line, anchor), line);
            }
            Event::MappingStart(anchor, _) if self.count(1, line) => {
                self.open(Open::Map(Vec::new(), None, line, anchor), line);
            }
            Event::SequenceEnd | Event::MappingEnd => match self.stack.pop() {
                Some(Open::List(items, l, anchor)) => self.done(Node::List(items, l), anchor, line),
                Some(Open::Map(pairs, _, l, anchor)) => {
                    self.done(Node::Map(pairs, l), anchor, line)
                }
                None => {}
            },
            Event::Alias(id) => {
                let Some(&(_, size, height)) = self.anchors.get(&id) else {
                    return self.fail(line, "an alias to an unknown anchor".into());
                };
                if self.stack.len() + height > MAX_DEPTH {
                    return self.fail(
                        line,
                        format!("nested more than {MAX_DEPTH} levels deep once its aliases are expanded; a dictionary needs a few"),
                    );
                }
                if self.count(size, line) {
                    let node = self.anchors[&id].0.clone();
                    self.done(node, 0, line);
                }
            }
            _ => {}
        }
    }
}

pub fn parse(text: &str, source: &str, stem: &str) -> Result<Lexicon, LexiconError> {
    let mut b = Builder::lenient(source);
    let mut tree = Tree::default();
    // Events are read one at a time and reading stops as soon as the tree fails or the first
    // document is complete: the parser's own loader recurses once per level of nesting, so a
    // file of 100,000 nested `- ` would overflow the stack before any limit of ours is seen.
    let mut parser = Parser::new_from_str(text);
    while !tree.finished() {
        match parser.next_token() {
            Ok((Event::StreamEnd, _)) => break,
            Ok((ev, mark)) => tree.on_event(ev, mark),
            Err(e) => {
                b.problem(e.marker().line(), format!("not valid YAML: {}", e.info()));
                return Err(LexiconError::Invalid(b.problems));
            }
        }
    }
    if let Some((line, message)) = tree.failed.take() {
        b.problem(line, message);
        return Err(LexiconError::Invalid(b.problems));
    }
    let Some(Node::Map(root, _)) = tree.root else {
        b.problem(
            1,
            "a quanteda dictionary is a YAML mapping of category names to lists of patterns",
        );
        return Err(LexiconError::Invalid(b.problems));
    };
    let mut categories = Categories::default();
    let mut entries = 0;
    // (category name, value), depth first in file order
    let mut stack: Vec<(String, Node)> = Vec::new();
    let push_children = |stack: &mut Vec<(String, Node)>,
                         b: &mut Builder,
                         prefix: Option<&str>,
                         pairs: Vec<(Node, Node)>| {
        for (k, v) in pairs.into_iter().rev() {
            let Node::Scalar(Some(key), _) = &k else {
                b.warning(
                    k.line(),
                    "a category name must be text; this entry is left out",
                );
                continue;
            };
            let name = match prefix {
                Some(p) => format!("{p}.{key}"),
                None => key.clone(),
            };
            stack.push((name, v));
        }
    };
    push_children(&mut stack, &mut b, None, root);
    while let Some((name, value)) = stack.pop() {
        match value {
            Node::Map(pairs, line)
                if !pairs.is_empty() && pairs.iter().all(|(_, v)| number(v).is_some()) =>
            {
                categories.index(&name, line);
                for (k, v) in &pairs {
                    match k {
                        Node::Scalar(Some(pattern), at) => {
                            entries += 1;
                            b.add_scored(&mut categories, &name, pattern, *at, number(v));
                        }
                        _ => b.warning(
                            k.line(),
                            format!("a term of `{name}` must be text; this entry is left out"),
                        ),
                    }
                }
            }
            Node::Map(pairs, _) => push_children(&mut stack, &mut b, Some(&name), pairs),
            Node::List(items, line) => {
                categories.index(&name, line);
                // a list nested in the list is flattened into it
                let mut items: Vec<Node> = items.into_iter().rev().collect();
                while let Some(item) = items.pop() {
                    match item {
                        Node::Scalar(Some(pattern), at) => {
                            entries += 1;
                            b.add(&mut categories, &name, &pattern, at);
                        }
                        Node::Scalar(None, at) => {
                            b.warning(at, format!("an empty entry in `{name}` is left out"))
                        }
                        Node::List(inner, _) => items.extend(inner.into_iter().rev()),
                        Node::Map(_, at) => b.warning(
                            at,
                            format!("a mapping inside the list of `{name}` is not a pattern; it is left out"),
                        ),
                    }
                }
            }
            Node::Scalar(None, line) => {
                categories.index(&name, line);
            }
            Node::Scalar(Some(pattern), line) => {
                entries += 1;
                b.add(&mut categories, &name, &pattern, line);
            }
        }
    }
    b.finish_import(categories, stem, entries)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// quanteda.sentiment's valence: a mapping of patterns to numbers is a weighted category.
    #[test]
    fn valence_mappings_are_scored() {
        let text =
            "AFINN:\n  abandon: -2\n  \"can't stand\": -3\n  breathtak*: 5\nplain:\n  - word\n";
        let lex = parse(text, "v.yml", "v").unwrap();
        let scores: Vec<(&str, Option<f64>)> = lex.categories[0]
            .terms
            .iter()
            .map(|t| (t.text.as_str(), t.score.map(Score::get)))
            .collect();
        assert_eq!(
            scores,
            [
                ("abandon", Some(-2.0)),
                ("can't stand", Some(-3.0)),
                ("breathtak*", Some(5.0))
            ]
        );
        assert_eq!(lex.categories[0].terms[1].line, 3);
        assert_eq!(lex.categories[1].terms[0].score, None);
    }

    #[test]
    fn nested_keys_flatten() {
        let text = "# places\nAFRICA:\n  EAST:\n    'BI': [Burundi, Burundian*, Bujumbura]\n  NORTH:\n    DZ: [Algeria]\nASIA:\n  WEST:\n    SY: [Syria, Syrian*, Damascus]\n    RU:\n      - Russia\n      - Moscow\n";
        let lex = parse(text, "n.yml", "n").unwrap();
        let names: Vec<&str> = lex.categories.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(
            names,
            [
                "AFRICA.EAST.BI",
                "AFRICA.NORTH.DZ",
                "ASIA.WEST.SY",
                "ASIA.WEST.RU"
            ]
        );
        assert_eq!(lex.entries, 9);
        assert_eq!(lex.categories[2].terms[1].text, "Syrian*");
        assert_eq!(lex.categories[2].terms[1].line, 9);
        assert_eq!(lex.categories[3].terms[1].line, 12);
    }

    #[test]
    fn non_latin_and_errors() {
        let lex = parse("ASIA:\n  SY: [Сирия, Дамаск]\n", "r.yml", "r").unwrap();
        assert_eq!(lex.categories[0].terms[0].pattern.words[0].text, "сирия");
        let Err(LexiconError::Invalid(p)) = parse("A: [x\n", "e.yml", "e") else {
            panic!()
        };
        assert!(p[0].to_string().starts_with("e.yml:"), "{}", p[0]);
    }

    #[test]
    fn nested_lists_are_their_terms_and_aliases_expand() {
        let lex = parse(
            "A: [[rebel*, insurgent*], militant]\nB: &b [x, y]\nC: *b\nD: ~\n",
            "l.yml",
            "l",
        )
        .unwrap();
        let terms = |i: usize| -> Vec<&str> {
            lex.categories[i]
                .terms
                .iter()
                .map(|t| t.text.as_str())
                .collect()
        };
        assert_eq!(terms(0), ["rebel*", "insurgent*", "militant"]);
        assert_eq!(terms(2), ["x", "y"]);
        assert_eq!(lex.categories[3].terms.len(), 0);
        assert!(lex
            .warnings
            .iter()
            .all(|w| !w.to_string().contains("Array")));
    }

    #[test]
    fn alias_bombs_are_refused_in_bounded_memory() {
        // 9 levels of ten aliases each: 10^9 nodes if expanded
        let mut text = String::from("a0: &a0 [lol]\n");
        for level in 1..=9 {
            let refs = vec![format!("*a{}", level - 1); 10].join(", ");
            text.push_str(&format!("a{level}: &a{level} [{refs}]\n"));
        }
        let Err(LexiconError::Invalid(p)) = parse(&text, "bomb.yml", "bomb") else {
            panic!("the bomb loaded")
        };
        let message = p[0].to_string();
        assert!(message.starts_with("bomb.yml:"), "{message}");
        assert!(message.contains("alias bomb"), "{message}");
        let block = format!("A:\n{}x\n", "- ".repeat(100_000));
        let Err(LexiconError::Invalid(p)) = parse(&block, "b.yml", "b") else {
            panic!("the deep block list loaded")
        };
        assert!(p[0].to_string().contains("nested more than 64"), "{}", p[0]);
        let mut chain = String::from("a0: &a0 [x]\n");
        for level in 1..=70 {
            chain.push_str(&format!("a{level}: &a{level} [*a{}]\n", level - 1));
        }
        let Err(LexiconError::Invalid(p)) = parse(&chain, "c.yml", "c") else {
            panic!("the chain of aliases loaded")
        };
        assert!(p[0].to_string().contains("nested more than 64"), "{}", p[0]);
        let deep = format!("{}x{}\n", "[".repeat(100), "]".repeat(100));
        let Err(LexiconError::Invalid(p)) = parse(&format!("A: {deep}"), "d.yml", "d") else {
            panic!("the deep file loaded")
        };
        assert!(p[0].to_string().contains("nested more than 64"), "{}", p[0]);
    }
}
