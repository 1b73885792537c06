//! quanteda YAML dictionaries: nested mappings whose leaves are lists of glob patterns (or a
//! single pattern). Nested keys flatten to dotted category names (`AFRICA.EAST.BI`).

use yaml_rust2::{Yaml, YamlLoader};

use super::{category_index, lines, Builder, Category, Lexicon, LexiconError};

pub fn parse(text: &str, source: &str, stem: &str) -> Result<Lexicon, LexiconError> {
    let mut b = Builder::lenient(source);
    let docs = match YamlLoader::load_from_str(text) {
        Ok(docs) => docs,
        Err(e) => {
            b.problem(e.marker().line(), format!("not valid YAML: {}", e.info()));
            return Err(LexiconError::Invalid(b.problems));
        }
    };
    let Some(Yaml::Hash(root)) = docs.first() else {
        b.problem(
            1,
            "a quanteda dictionary is a YAML mapping of category names to lists of patterns",
        );
        return Err(LexiconError::Invalid(b.problems));
    };
    let mut categories: Vec<Category> = Vec::new();
    let mut category_lines = Vec::new();
    let mut entries = 0;
    let text_lines = lines(text);
    // The line where a key first appears at or after `from`, for messages.
    let find_line = |needle: &str, from: usize| -> usize {
        text_lines
            .iter()
            .enumerate()
            .skip(from)
            .find(|(_, l)| l.contains(needle))
            .map_or(0, |(i, _)| i + 1)
    };
    let mut stack: Vec<(String, &Yaml)> = root.iter().rev().map(|(k, v)| (key(k), v)).collect();
    let mut cursor = 0;
    while let Some((name, value)) = stack.pop() {
        let leaf = name.rsplit('.').next().unwrap_or(&name).to_string();
        let line = find_line(&leaf, cursor);
        if line > 0 {
            cursor = line - 1;
        }
        match value {
            Yaml::Hash(children) => {
                for (k, v) in children.iter().rev() {
                    stack.push((format!("{name}.{}", key(k)), v));
                }
            }
            Yaml::Array(items) => {
                category_index(&mut categories, &mut category_lines, &name, line);
                for item in items {
                    entries += 1;
                    let pattern = scalar(item);
                    let at = find_line(&pattern, cursor).max(line);
                    b.add(&mut categories, &mut category_lines, &name, &pattern, at);
                }
            }
            Yaml::Null => {
                category_index(&mut categories, &mut category_lines, &name, line);
            }
            other => {
                entries += 1;
                b.add(
                    &mut categories,
                    &mut category_lines,
                    &name,
                    &scalar(other),
                    line,
                );
            }
        }
    }
    b.finish_import(categories, &category_lines, stem, entries)
}

fn key(k: &Yaml) -> String {
    scalar(k)
}

fn scalar(v: &Yaml) -> String {
    match v {
        Yaml::String(s) | Yaml::Real(s) => s.clone(),
        Yaml::Integer(i) => i.to_string(),
        Yaml::Boolean(b) => b.to_string(),
        Yaml::Null => String::new(),
        other => format!("{other:?}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
}
