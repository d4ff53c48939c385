package org.studybot.answer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.studybot.content.Article;
import org.studybot.search.Match;
import org.studybot.search.MatchResult;

class AnswerTypeTest {

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        // a deed done: a name is the answer
        "who discovered dna | PERSON",
        "who first figured out dna was a double helix | PERSON",
        "who wrote the hunger games | PERSON",
        "who came up with natural selection | PERSON",
        "who really invented the telephone | PERSON",
        "who was the first person to split the atom | PERSON",
        "whose idea was the zone of proximal development | PERSON",
        "which scientist invented the first vaccine | PERSON",
        "which psychologists studied memory | PERSON",
        "who is credited with calculus | PERSON",
        // a person already named, or a role: an explanation
        "who was vygotsky | ANY",
        "who is maslow | ANY",
        "who really pays when the us puts a 25% duty on chinese steel | ANY",
        "who benefits from inflation | ANY",
        // a date of the past
        "when was the bastille stormed | TIME",
        "when did the cold war end | TIME",
        "what year was dna discovered | TIME",
        "in what year did newton publish his laws | TIME",
        "which century did rome fall | TIME",
        "how long ago did the dinosaurs die | TIME",
        "how old was darwin when he sailed on the beagle | TIME",
        // a condition, not a date
        "when do you add chances together and when do you multiply them | ANY",
        "when does a reaction reach equilibrium | ANY",
        "when is the median better than the mean | ANY",
        // where someone comes from, or where a past event happened
        "where was pythagoras born | PLACE",
        "where did the first flipped classroom happen in europe | PLACE",
        "where is newton buried | PLACE",
        "where is pythagoras from | PLACE",
        "where does photosynthesis happen in a plant cell | ANY",
        "where does the energy from the food we eat actually come from in our cells | ANY",
        "where is dna located in the cell | ANY",
        "where do bacteria live | ANY",
        "where do okazaki fragments form | ANY",
        // a measure, a count or a record
        "how deep is the pacific ocean | QUANTITY",
        "how many people live in london | QUANTITY",
        "how many stages are in the engineering design process | QUANTITY",
        "what is the speed of sound in air | QUANTITY",
        "whats the boiling point of water | QUANTITY",
        "what is the tallest volcano on earth | QUANTITY",
        "which is the largest organ of the body | QUANTITY",
        // an explanation, though it names a measure or a size
        "how much does inflation hurt savers | ANY",
        "how long does mitosis take | ANY",
        "how does speed differ from velocity | ANY",
        "what is the interest rate set by a central bank | ANY",
        "why is the pacific ocean so deep | ANY",
        "why is the sky blue | ANY",
        "how does dna copy itself | ANY",
      })
  void whatTheQuestionAsksFor(String question, AnswerType.Wanted wanted) {
    assertEquals(wanted, AnswerType.wanted(question));
  }

  @Test
  void theTopicLeavesOutWhatIsAsked() {
    assertEquals(List.of("dna"), AnswerType.topic("who discovered dna"));
    assertEquals(List.of("natural", "selection"), AnswerType.topic("Who came up with natural selection?"));
    assertEquals(List.of("bastille", "stormed"), AnswerType.topic("when was the bastille stormed"));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        // two capitalised words not opening the sentence, and initials with a surname
        "Natural selection was first described by Charles Darwin and Alfred Russel Wallace. | PERSON,PLACE",
        "Operant conditioning, developed by B. F. Skinner, is learning by consequences. | PERSON",
        "Peter Wason asked people to find the rule. | PERSON",
        "It is often described with Freytag's pyramid. | PERSON,PLACE",
        // after 'the', or opening with a function word: a thing
        "It began with the Industrial Revolution in factories. | ",
        "The Transmission Control Protocol splits data into segments. | ",
        "Cells copy their chromosomes before they divide. | ",
        // dates
        "The Western Roman Empire fell in 476 CE. | TIME,QUANTITY",
        "It was sealed at Runnymede in June 1215. | TIME,PLACE,QUANTITY",
        "By the 18th century trade had grown. | TIME,QUANTITY",
        // one capitalised word inside a sentence: a place
        "The archduke was shot in Sarajevo. | PLACE",
        // figures
        "The trench is about 11,000 metres deep. | QUANTITY",
        "Its population reached a million. | QUANTITY",
      })
  void whatASentenceNames(String sentence, String kinds) {
    Set<AnswerType.Wanted> expected = new java.util.HashSet<>();
    if (kinds != null) {
      for (String k : kinds.split(",")) {
        expected.add(AnswerType.Wanted.valueOf(k.strip()));
      }
    }
    assertEquals(expected, AnswerType.kinds(sentence));
  }

  private static Article article(String id, String title, List<String> keywords, String answer) {
    return new Article(id, title, title, "Biology", "/learn/x/" + id, null, "", keywords, answer, List.of(), "test");
  }

  private static final Article DNA = article("1", "How does DNA replication work?", List.of("DNA replication", "helicase"),
      "DNA replication copies a cell's DNA before it divides.\n\n1. **Unwinding**: Helicase unzips the double helix."
          + "\n\n2. **Building**: DNA polymerase adds nucleotides to each strand.");
  private static final Article SELECTION = article("2", "What is natural selection?", List.of("natural selection", "Darwin"),
      "Natural selection is the process, first described by Charles Darwin and Alfred Russel Wallace, by which "
          + "organisms better suited to their environment survive.\n\n1. **Variation**: Individuals differ.");
  private static final Article TRADE = article("3", "What is comparative advantage?", List.of("trade"),
      "Comparative advantage is the ability to produce at a lower opportunity cost. The idea, developed by the "
          + "economist David Ricardo in 1817, explains why countries trade.");
  private static final Article PYTHAGORAS = article("4", "What is the Pythagorean theorem?", List.of("right triangle"),
      "The Pythagorean theorem relates the sides of a right triangle. Pythagorean triples are whole numbers that fit it.");
  private static final Article SCAFFOLDING = article("5", "What is scaffolding in education?",
      List.of("scaffolding", "Jerome Bruner", "gradual release"),
      "Scaffolding is temporary support.\n\n1. **Origin of the Term**: It was introduced by three researchers who "
          + "studied tutoring.");
  private static final Article JAVA = article("6", "What is a compiler?", List.of("compiler"),
      "A compiler translates source code, as Java does with javac. The compiler emits bytecode, as in Java's javac.");

  @Test
  void anArticleSuppliesAPersonOnlyWhenItNamesOneNearTheTopic() {
    assertFalse(AnswerType.supplies("who discovered dna", DNA), "no name in the article on DNA replication");
    assertTrue(AnswerType.supplies("how does dna copy itself", DNA), "an explanation asks for no name");
    assertTrue(AnswerType.supplies("who came up with natural selection", SELECTION));
    assertFalse(AnswerType.supplies("who discovered dna", SELECTION), "a name, but not near the topic");
    assertTrue(AnswerType.supplies("who came up with comparative advantage", TRADE), "the next sentence names him");
    assertTrue(AnswerType.supplies("when was comparative advantage described", TRADE), "and the year");
    assertFalse(AnswerType.supplies("when was dna replication discovered", DNA));
    assertTrue(AnswerType.supplies("who introduced the term scaffolding", SCAFFOLDING), "the keywords name him");
    assertFalse(AnswerType.supplies("who wrote the first compiler", JAVA), "Java is a thing the article names plainly");
  }

  private static final Article POINT_OF_VIEW = article("7", "What is point of view?", List.of("narrator"),
      "Limited third person follows one character, as in the Harry Potter novels. An omniscient narrator knows "
          + "everything, as in Middlemarch by George Eliot.");

  private static final Article TECTONICS = article("8", "What is plate tectonics?", List.of("plates"),
      "Earth's crust is broken into about 15 large plates that move 2 to 5 centimetres per year. Where two plates meet "
          + "under the ocean, trenches form, such as the Mariana Trench, about 11,000 metres deep.");
  private static final Article DESIGN = article("9", "What are the steps of the engineering design process?",
      List.of("engineering design"),
      "The engineering design process turns a need into a solution. Here are the main stages:\n\n"
          + "1. **Define the Problem**: Engineers state what must be solved.\n\n"
          + "2. **Build a Prototype**: Engineers build and test a model.");

  @Test
  void aFigureMustBeNearTheTopicAndInTheMeasureAsked() {
    assertTrue(AnswerType.supplies("how deep is the mariana trench", TECTONICS), "'11,000 metres deep' beside it");
    assertFalse(AnswerType.supplies("how hot is the mariana trench", TECTONICS), "a figure beside it, but no temperature");
    assertTrue(AnswerType.supplies("how fast do plates move", TECTONICS), "'5 centimetres per year'");
    assertFalse(AnswerType.supplies("how many people live in london", TECTONICS), "London is nowhere");
    assertTrue(AnswerType.supplies("how many stages are in the engineering design process", DESIGN),
        "a numbered list counts its items");
    assertFalse(AnswerType.supplies("how deep is the engineering design process", DESIGN), "numbers, but no depth");
    Article boundaries = article("10", "What are plate boundaries?", List.of("boundaries"),
        "Plates meet at boundaries of three kinds:\n\n1. **Convergent**: Where plates meet under the ocean, deep trenches"
            + " form.");
    assertFalse(AnswerType.supplies("how deep are ocean trenches", boundaries), "a list's number is no depth");
    assertTrue(AnswerType.supplies("how many kinds of plate boundaries are there", boundaries), "but it counts");
    assertEquals(Set.of("deep"), AnswerType.measures("how deep is the pacific ocean"));
    assertEquals(Set.of(), AnswerType.measures("how many people live in london"));
    assertEquals(List.of("pacific", "ocean"), AnswerType.topic("how deep is the pacific ocean"));
  }

  @Test
  void theNextSentenceCountsOnlyWhenItPointsBack() {
    assertFalse(AnswerType.supplies("who wrote harry potter", POINT_OF_VIEW), "George Eliot is in the next sentence, on another book");
    assertTrue(AnswerType.supplies("who wrote middlemarch", POINT_OF_VIEW));
    assertTrue(AnswerType.supplies("who came up with comparative advantage", TRADE), "'The idea, developed by ...'");
  }

  @Test
  void theQuestionsOwnWordsAreNotTheAnswer() {
    assertFalse(AnswerType.supplies("where was pythagoras born", PYTHAGORAS), "'Pythagorean' is the question's own word");
    assertTrue(AnswerType.supplies("what is the pythagorean theorem", PYTHAGORAS));
  }

  @Test
  void wordsMatchUpToTheirEnding() {
    assertTrue(AnswerType.sameWord("pythagoras", "pythagorean"));
    assertTrue(AnswerType.sameWord("table", "tables"));
    assertTrue(AnswerType.sameWord("dna", "dna"));
    assertFalse(AnswerType.sameWord("dna", "dnas2"));
    assertFalse(AnswerType.sameWord("cell", "cello"));
  }

  @Test
  void theConfidenceIsHalvedWhenTheArticleCannotSupplyTheAnswer() {
    MatchResult result = new MatchResult(List.of(new Match(DNA, 10, 0.9, 0.9, 0.8)), List.of(), 1, false);
    double plain = Confidence.of(result);
    assertEquals(plain / 2, Confidence.of("who discovered dna replication", result), 1e-9);
    assertEquals(plain, Confidence.of("why does dna replication need helicase", result), 1e-9);
    MatchResult named = new MatchResult(List.of(new Match(SELECTION, 10, 0.9, 0.9, 0.8)), List.of(), 1, false);
    assertEquals(Confidence.of(named), Confidence.of("who described natural selection", named), 1e-9);
  }
}
