//! Unit cases for voice: quotation marks, quote or scare, speakers.

use super::*;
use crate::token::tokenize;

/// The text with each non-narrator word marked: `[q:word]` for quote, `[s:word]` for scare,
/// `[r:word]` for reported.
fn marked(text: &str) -> String {
    let tokens = tokenize(text);
    let v = label(text, &tokens);
    tokens
        .iter()
        .zip(&v.of)
        .filter(|(t, _)| t.kind.is_word())
        .map(|(t, v)| {
            let s = &text[t.start..t.end];
            match v {
                Voice::Narrator => s.to_string(),
                Voice::Quote => format!("[q:{s}]"),
                Voice::Scare => format!("[s:{s}]"),
                Voice::Reported => format!("[r:{s}]"),
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// One rule per line: (text, words with their voices).
#[test]
fn voice_table() {
    let cases: &[(&str, &str)] = &[
        // each double mark
        ("He said “we won” today.", "He said [q:we] [q:won] today"),
        ("He said \"we won\" today.", "He said [q:we] [q:won] today"),
        ("He said „we won“ today.", "He said [q:we] [q:won] today"),
        ("He said « we have won » today.", "He said [q:we] [q:have] [q:won] today"),
        ("He said »we won« today.", "He said [q:we] [q:won] today"),
        ("the « label » here", "the [s:label] here"),
        // scare quotes: short, no verb attached
        ("the whole 'opposition' ostensibly", "the whole [s:opposition] ostensibly"),
        ("Amnesty’s ‘fake’ report", "Amnesty’s [s:fake] report"),
        ("the “Russophobic hysteria” of the week", "the [s:Russophobic] [s:hysteria] of the week"),
        // partial quotes: a short quotation in what a cue earlier in the sentence reports
        ("accused of “Russophobic hysteria” after", "accused of [q:Russophobic] [q:hysteria] after"),
        ("The senator said they are “sowing the seeds” of doubt.", "The senator said [r:they] [r:are] [q:sowing] [q:the] [q:seeds] [r:of] [r:doubt]"),
        ("The governor called his rival a “spoiled child” on Monday.", "The governor called his rival a [q:spoiled] [q:child] on Monday"),
        ("They met the so-called ‘moderate’ rebels.", "They met the so called [s:moderate] rebels"),
        ("He said so. The ‘moderate’ rebels left.", "He said so The [s:moderate] rebels left"),
        ("fighting a 'civil war' in Syria", "fighting a [s:civil] [s:war] in Syria"),
        ("a ‹label› here", "a [s:label] here"),
        // apostrophes are not quote marks
        ("Amnesty’s report and can't and won’t", "Amnesty’s report and can't and won’t"),
        ("the rebels' commander and terrorists’ activity", "the rebels commander and terrorists activity"),
        ("in the '90s they fought", "in the 90s they fought"),
        ("'The rebels' commander fled,' he said.", "[q:The] [q:rebels] [q:commander] [q:fled] he said"),
        ("saw the fighters as ‘terrorists’ and the opposition as ‘bandits’ in a statement", "saw the fighters as [s:terrorists] and the opposition as [s:bandits] in a statement"),
        ("took them for 'terrorists' but the rebels' commander disagreed.", "took them for [s:terrorists] but the rebels commander disagreed"),
        ("‘The Americans’ Syria policy has failed,’ Lavrov said.", "[q:The] [q:Americans] [q:Syria] [q:policy] [q:has] [q:failed] Lavrov said"),
        ("Since the ‘90s, rebels fought.", "Since the 90s rebels fought"),
        ("\" Terrorists are everywhere,\" Konashenkov said.", "[q:Terrorists] [q:are] [q:everywhere] Konashenkov said"),
        ("Moscow called them “terrorists”. He said so.", "Moscow called them [q:terrorists] He said so"),
        ("Moscow saw them as “terrorists”. He said so.", "Moscow saw them as [s:terrorists] He said so"),
        ("He said: “Terrorists shelled Aleppo.\n\n‘Moderate’ rebels do not exist,” he added.", "He said [q:Terrorists] [q:shelled] [q:Aleppo] [q:Moderate] [q:rebels] [q:do] [q:not] [q:exist] he added"),
        ("‘The rebels’ commander fled,’ he said.", "[q:The] [q:rebels] [q:commander] [q:fled] he said"),
        ("siding with 'terrorists' in Syria", "siding with [s:terrorists] in Syria"),
        ("“We won,“ he said. Then", "[q:We] [q:won] he said Then"),
        ("He said 'we will fight on.\n\nNext paragraph.", "He said [q:we] [q:will] [q:fight] [q:on] Next paragraph"),
        ("'We will fight on.\n\n'And win,' he said.", "[q:We] [q:will] [q:fight] [q:on] [q:And] [q:win] he said"),
        // doubled single marks typed for double ones (a house style of some papers)
        ("''The vote is ours,'' the senator said. Then came the rain.", "[q:The] [q:vote] [q:is] [q:ours] the senator said Then came the rain"),
        ("``The vote is ours,'' the senator said. Then came the rain.", "[q:The] [q:vote] [q:is] [q:ours] the senator said Then came the rain"),
        ("‘‘Ours,’’ she said, and left.", "[q:Ours] she said and left"),
        ("He said ''we will fight on.\n\n''And win,'' he added.", "He said [q:we] [q:will] [q:fight] [q:on] [q:And] [q:win] he added"),
        ("the ''moderate'' rebels", "the [s:moderate] rebels"),
        // elisions never open a quotation
        ("Sophie In 't Veld spoke to the committee for an hour.", "Sophie In t Veld spoke to the committee for an hour"),
        ("they talked ‘bout the plan with residents’ leaders", "they talked bout the plan with residents leaders"),
        ("we told 'em we would wait 'til noon, he said.", "we told em we would wait til noon he said"),
        // speech verbs make short spans quotes
        ("“We won,” he said.", "[q:We] [q:won] he said"),
        ("He said: “No.”", "He said [q:No]"),
        ("He told MPs: “No.”", "He told MPs [q:No]"),
        ("asking 'what have you achieved?'", "asking [q:what] [q:have] [q:you] [q:achieved]"),
        ("“No” said Peskov.", "[q:No] said Peskov"),
        // a sentence inside makes a quote
        ("“Yes. No” he", "[q:Yes] [q:No] he"),
        // long spans are quotes
        ("called it “a US-controlled international terrorist alliance” then", "called it [q:a] [q:US] [q:controlled] [q:international] [q:terrorist] [q:alliance] then"),
        // nesting: a scare inside a quote stays quote
        ("said “the whole 'opposition' is a sham” then", "said [q:the] [q:whole] [q:opposition] [q:is] [q:a] [q:sham] then"),
        ("“He called them ‘terrorists’,” she said.", "[q:He] [q:called] [q:them] [q:terrorists] she said"),
        // mixed marks: “ opened, \" closed, and the reverse
        ("was “in line with the hysteric Russophobia.\" Then", "was [q:in] [q:line] [q:with] [q:the] [q:hysteric] [q:Russophobia] Then"),
        ("\"There were none; this is a fact,” Konashenkov said.", "[q:There] [q:were] [q:none] [q:this] [q:is] [q:a] [q:fact] Konashenkov said"),
        // a stray mark closes at the paragraph's end
        ("He said “we won today.\n\nThe next paragraph.", "He said [q:we] [q:won] [q:today] The next paragraph"),
        ("A stray ” mark changes nothing.", "A stray mark changes nothing"),
        // a quote continues into a paragraph that opens with a quote mark
        ("He said: “First part.\n\n“Second part,” he added.\n\nNarrator.", "He said [q:First] [q:part] [q:Second] [q:part] he added Narrator"),
        // single-line paragraphs (no blank lines): each line is a paragraph
        ("“Open quote\nNarrator line.", "[q:Open] [q:quote] Narrator line"),
        // straight single quotes for speech
        ("'We won,' he said.", "[q:We] [q:won] he said"),
    ];
    for (text, expected) in cases {
        assert_eq!(marked(text), *expected, "text: {text:?}");
    }
}

/// The reported voice: one rule per line.
#[test]
fn reported_table() {
    let cases: &[(&str, &str)] = &[
        // a cue before the clause, with or without `that`
        (
            "Peskov said Russia rejects the accusations.",
            "Peskov said [r:Russia] [r:rejects] [r:the] [r:accusations]",
        ),
        (
            "She told reporters that the talks had failed.",
            "She told reporters [r:that] [r:the] [r:talks] [r:had] [r:failed]",
        ),
        (
            "He told The Post he would not run again.",
            "He told The Post [r:he] [r:would] [r:not] [r:run] [r:again]",
        ),
        (
            "The minister said on Monday that the border would close.",
            "The minister said on Monday [r:that] [r:the] [r:border] [r:would] [r:close]",
        ),
        (
            "The poll found that most voters want change.",
            "The poll found [r:that] [r:most] [r:voters] [r:want] [r:change]",
        ),
        // a cue after the clause, or in its middle
        (
            "Russia rejects the accusations, Peskov said on Tuesday.",
            "[r:Russia] [r:rejects] [r:the] [r:accusations] Peskov said on Tuesday",
        ),
        (
            "The attack, officials said, killed 20 people.",
            "[r:The] [r:attack] officials said [r:killed] [r:20] [r:people]",
        ),
        (
            "The talks have stalled, said a senior official.",
            "[r:The] [r:talks] [r:have] [r:stalled] said a senior official",
        ),
        // according to
        (
            "According to the monitoring group, 20 people were killed.",
            "According to the monitoring group [r:20] [r:people] [r:were] [r:killed]",
        ),
        (
            "Twenty people were killed, according to activists.",
            "[r:Twenty] [r:people] [r:were] [r:killed] according to activists",
        ),
        // a partial quote inside a reported clause is a quote, not a scare quote
        (
            "The rebels are “terrorists,” the ministry said.",
            "[r:The] [r:rebels] [r:are] [q:terrorists] the ministry said",
        ),
        // no clause: a phrase of time or place, a determiner's noun, a subordinate `when`, an
        // appositive of the subject, a quotation's own attribution
        (
            "He said so in a statement on Tuesday.",
            "He said so in a statement on Tuesday",
        ),
        (
            "The reported attack killed 20 people.",
            "The reported attack killed 20 people",
        ),
        (
            "When asked if he would run again, he smiled.",
            "When asked if he would run again he smiled",
        ),
        (
            "Katie Harbath, the group's director, said on Tuesday.",
            "Katie Harbath the group's director said on Tuesday",
        ),
        (
            "“We won,” said Dmitry Peskov, the Kremlin spokesman.",
            "[q:We] [q:won] said Dmitry Peskov the Kremlin spokesman",
        ),
        (
            "“It failed,” he said on Tuesday.",
            "[q:It] [q:failed] he said on Tuesday",
        ),
        // the outlet's own words stay narrator
        (
            "The army shelled the town for a third day.",
            "The army shelled the town for a third day",
        ),
    ];
    for (text, expected) in cases {
        assert_eq!(marked(text), *expected, "text: {text:?}");
    }
}

fn speakers(text: &str) -> Vec<(String, Option<String>)> {
    let tokens = tokenize(text);
    label(text, &tokens)
        .quotations
        .iter()
        .map(|q| {
            (
                format!("{}:{}", q.kind.as_str(), &text[q.start..q.end]),
                q.speaker.clone(),
            )
        })
        .collect()
}

#[test]
fn speaker_patterns() {
    let s = |x: &str| Some(x.to_string());
    assert_eq!(
        speakers("“We won,” Konashenkov said."),
        [("quote:“We won,”".into(), s("Konashenkov"))]
    );
    assert_eq!(
        speakers("“We won,” said Dmitry Peskov."),
        [("quote:“We won,”".into(), s("Dmitry Peskov"))]
    );
    assert_eq!(
        speakers("Foreign Secretary Boris Johnson said: “It is time.”"),
        [("quote:“It is time.”".into(), s("Boris Johnson"))]
    );
    assert_eq!(
        speakers("Kremlin spokesman Dmitry Peskov spoke. “We won,” he said."),
        [("quote:“We won,”".into(), s("Dmitry Peskov"))]
    );
    assert_eq!(
        speakers("Peskov told reporters: “We won.”"),
        [("quote:“We won.”".into(), s("Peskov"))]
    );
    assert_eq!(
        speakers("“It was strange,” said the Russian official."),
        [("quote:“It was strange,”".into(), s("the Russian official"))]
    );
    assert_eq!(
        speakers("Major General Igor Konashenkov spoke. “No,” Konashenkov said."),
        [("quote:“No,”".into(), s("Igor Konashenkov"))]
    );
    assert_eq!(
        speakers("the ‘fake’ report"),
        [("scare:‘fake’".into(), None)]
    );
    assert_eq!(
        speakers("Moscow hits back at UK over Syria, asking 'what have you achieved?'"),
        [("quote:'what have you achieved?'".into(), None)]
    );
}

#[test]
fn seed_speakers() {
    let text = include_str!("../../data/003_ea494074b19b6663.txt");
    let tokens = tokenize(text);
    let quotes: Vec<(Voice, Option<String>)> = label(text, &tokens)
        .quotations
        .into_iter()
        .map(|q| (q.kind, q.speaker))
        .collect();
    let s = |x: &str| Some(x.to_string());
    use Voice::*;
    assert_eq!(
        quotes,
        [
            (Quote, s("Russia")),          // Russia accuses US of siding with 'terrorists'
            (Quote, None),                 // Russian officials have accused … "terrorists"
            (Quote, s("Maria Zakharova")), // "We can't assess …," … Maria Zakharova said
            (Reported, s("Igor Konashenkov")), // Konashenkov said Mr Kirby's statement amounted to
            (Quote, s("Igor Konashenkov")), // Konashenkov said … amounted to "the most frank …"
            (Quote, s("Igor Konashenkov")), // "What makes Kirby's statement …," he added.
            (Quote, s("John Kirby")),      // Mr Kirby, asked …, said: "That extremists …"
            (Reported, s("Igor Konashenkov")), // He said that Russia remains open …
            (Quote, s("Igor Konashenkov")), // He said … "exclude even a hint …"
            (Reported, s("Dmitry Peskov")), // Peskov said that Moscow still wants to cooperate …
            (Quote, s("Dmitry Peskov")),   // "Our colleagues …," he said.
        ]
    );
}

/// Speakers and how the text names them, one pattern per line.
#[test]
fn speaker_table() {
    use SpeakerKind::*;
    let cases: &[(&str, Option<(&str, SpeakerKind)>)] = &[
        (
            "“We will win,” said Pierre de Vos, a professor of law.",
            Some(("Pierre de Vos", Name)),
        ),
        (
            "“We will win,” Anna Berg said. “And soon.”",
            Some(("Anna Berg", Name)),
        ),
        (
            "The former pollster said, “She is behind in the polls.”",
            Some(("The former pollster", Description)),
        ),
        (
            "“It is over,” a senior official said.",
            Some(("a senior official", Description)),
        ),
        (
            "Senator Brooks has said that he would consider “anything short of war” there.",
            Some(("Brooks", Name)),
        ),
        (
            "“He is honest,” Anna Berg said, adding that he is “the most trustworthy” of them.",
            Some(("Anna Berg", Name)),
        ),
        (
            "Anna Berg spoke first. “It is over,” she said.",
            Some(("Anna Berg", Pronoun)),
        ),
        ("The US has rejected “any such claims” outright.", None),
        ("“It is over,” the Syrian Observatory for Human Rights said.", Some(("Observatory for Human Rights", Name))),
        ("“It is over,” said Observatory director Rami Abdel Rahman.", Some(("Rami Abdel Rahman", Name))),
        ("“It is bad,” said Aleppo-based activist Abu Omar.", Some(("Abu Omar", Name))),
        ("“We wait,” Secretary of State John Kerry said.", Some(("John Kerry", Name))),
        ("A resident inside Aleppo said they were “left to die” there.", Some(("A resident inside Aleppo", Description))),
        ("The coalition launched in September last year. Homs was once dubbed the “capital of the revolution” by many.", None),
        // a long appositive between the name and the verb
        ("“It failed,” Jeb Bush, the former Florida governor and a candidate, told reporters.", Some(("Jeb Bush", Name))),
        // a description first, then the name
        ("“We will see,” said another leading advocate, Andrew Pincus of the firm.", Some(("Andrew Pincus", Name))),
        // titles with a full stop, an adverb before the verb, a parenthesis after the name
        ("“We will see,” said Rep. Diane Russell.", Some(("Diane Russell", Name))),
        ("Cruz gingerly said that was “an assessment for the voters.”", Some(("Cruz", Name))),
        ("Governor Mary Fallin (R-OK) said Trump is “trying to campaign as a healer.”", Some(("Mary Fallin", Name))),
        // lowercase role words inside a name-led run
        ("“This is a critical week,” White House press secretary Josh Earnest said.", Some(("Josh Earnest", Name))),
        // a participle shares its clause's subject, not the object before it
        ("Trump told a rally in Ohio, saying Clinton would “abolish the amendment.”", Some(("Trump", Name))),
        ("Boris Johnson condemned the attack saying those responsible should be “held to account.”", Some(("Boris Johnson", Name))),
        // the subject with its appositive, not the name after the verb
        ("Zeke Emanuel, an oncologist who advised Obama, said the law has been a success “by any metric.”", Some(("Zeke Emanuel", Name))),
        // the antecedent of `who`
        ("“It is over,” said Beck, who said there were “too many things.”", Some(("Beck", Name))),
        // a place after a preposition belongs to the description: no place as speaker
        ("Activists in the town said the clinic was “hit twice.”", Some(("Activists in the town", Description))),
        ("Dean Johnson, a salesman from Sumter, South Carolina, says Cruz will “leave with momentum.”", Some(("Dean Johnson", Name))),
        // a quotation that ends its own sentence, attributed in the next
        ("“What a night this was!” Helen Park tweeted.", Some(("Helen Park", Name))),
        ("''Is that fair to anyone?'' Tom Reyes asked.", Some(("Tom Reyes", Name))),
        ("“We are finished here.” Sara Lind said on Monday.", Some(("Sara Lind", Name))),
        // a hyphen inside the name
        ("“We will run again,” Ortiz-Vega said.", Some(("Ortiz-Vega", Name))),
        // a description, then the name in its appositive
        ("“It is time to go,” the campaign's spokesman, Ben Ross, said.", Some(("Ben Ross", Name))),
        ("“It is time to go,” the campaign's spokesman, a former aide, said.", Some(("the campaign's spokesman", Description))),
    ];
    for (text, expected) in cases {
        let tokens = tokenize(text);
        let q = label(text, &tokens).quotations.pop().expect("a quotation");
        let got = q.speaker.as_deref().zip(q.speaker_kind);
        assert_eq!(got, *expected, "{text}");
    }
}

/// Reported clauses have a source like quotations: a name, a description, `according to`.
#[test]
fn reported_speakers() {
    use SpeakerKind::*;
    let cases: &[(&str, Option<(&str, SpeakerKind)>)] = &[
        ("Peskov said Russia rejects the accusations.", Some(("Peskov", Name))),
        ("Prices have nearly doubled, residents in the city say.", Some(("residents in the city", Description))),
        ("The attack, officials said, killed 20 people.", Some(("officials", Description))),
        ("According to the Syrian Observatory for Human Rights, 20 people were killed.", Some(("the Syrian Observatory for Human Rights", Description))),
        ("Twenty people were killed, according to Reuters.", Some(("Reuters", Name))),
        ("The raids were identified according to type location flight patterns and munitions used.", None),
    ];
    for (text, expected) in cases {
        let tokens = tokenize(text);
        let v = label(text, &tokens);
        let q = v.quotations.iter().find(|q| q.kind == Voice::Reported);
        let got = q.and_then(|q| q.speaker.as_deref().zip(q.speaker_kind));
        assert_eq!(got, *expected, "{text}");
    }
}

/// A speech verb written with a capital inside a sentence is part of a name.
#[test]
fn capitalized_speech_verbs_are_names() {
    let text = "Officials accused the United States of backing “terrorists” in the region.";
    let tokens = tokenize(text);
    let q = &label(text, &tokens).quotations[0];
    assert_eq!((q.kind, q.verb.as_deref()), (Voice::Quote, Some("accused")));
    assert_eq!(q.speaker.as_deref(), Some("Officials"));
    let text = "Islamic State fighters took the “liberated” town.";
    let tokens = tokenize(text);
    let q = &label(text, &tokens).quotations[0];
    assert_eq!((q.kind, q.verb.as_deref()), (Voice::Scare, None));
}

proptest::proptest! {
    #[test]
    fn every_token_gets_a_voice(text in "(\\PC|[\"'“”‘’«»„ \n]){0,120}") {
        let tokens = tokenize(&text);
        let v = label(&text, &tokens);
        proptest::prop_assert_eq!(v.of.len(), tokens.len());
        for q in &v.quotations {
            proptest::prop_assert!(q.start < q.end && q.end <= text.len());
        }
    }
}
