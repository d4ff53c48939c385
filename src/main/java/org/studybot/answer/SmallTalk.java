package org.studybot.answer;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.studybot.reply.Intent;

/**
 * Recognises messages that are not study questions, before any search: greetings, thanks, "who
 * are you", "help" (short messages only, so "hi, what is entropy?" is still searched), and
 * campus logistics, live information and requests to do someone's work ("when is the midterm",
 * "whats my gpa", "weather tomorrow", "write my essay"), shopping and help with one's own devices
 * and apps ("where can i buy a cheap laptop", "how do i connect my printer to wifi"), which share
 * words with study articles but no article can answer, and cooking, games and appointments;
 * chat addressed to the bot ("do you ever sleep", "how are you", "you're the best"); and messages
 * that name no topic at all ("how does it work", "tell me more") or ask for help without saying
 * with what ("can you help me", "i have a question", "help me with chemistry"), which get a
 * request for detail instead of a guess. Near misses, which share a word with an article but ask
 * what none answers, are recognised by their form and given their {@link OffTopic} kind, so the
 * reply can say where to ask instead: how a course is run ("is the french revolution test open
 * notes"), figures of the moment ("price of gold today"), products and prices, tasks for the bot
 * ("write me a poem", jokes), personal advice ("should i drop out") and trivia ("what is the
 * capital of france", "who invented the telephone"). Golden cases: {@code
 * src/test/resources/golden/intents.tsv}; the near-miss evaluation: {@code eval/near-miss.tsv}.
 * Thread-safe.
 */
final class SmallTalk {
  private static final String FILLER = "(?:\\s+(?:there|again|all|everyone|guys|bot|studybot|so much|a lot|lots|mate|friend))*";
  private static final Pattern GREETING =
      Pattern.compile("(?:hi+|hello+|hey+|heya|hiya|yo+|howdy|sup|wass?up|good (?:morning|afternoon|evening)|greetings)" + FILLER);
  private static final Pattern THANKS =
      Pattern.compile(
          "(?:thanks?|thank you|thx|ty|tysm|cheers|much appreciated|appreciate it|great|awesome|cool|nice|perfect|got it"
              + "|(?:good|nice|great) (?:job|work|one|answer)|well done|you rock|that (?:helped|was helpful|makes sense)|makes sense"
              + "|(?:that'?s|thats) (?:helpful|perfect|great|awesome|it))(?: (?:thanks?|thank you|thx|ty))?" + FILLER);
  private static final Pattern IDENTITY =
      Pattern.compile(
          "(?:who|what) (?:are|r) (?:you|u)|what can (?:you|u) do|what do (?:you|u) do|are (?:you|u) (?:a )?(?:bot|robot|human|ai|real)|who made (?:you|u)|what is (?:this|studybot)|what's (?:this|studybot)");
  // Campus services and course logistics: no study article answers these, whatever words they share.
  private static final Pattern CAMPUS_WORDS =
      Pattern.compile(
          "\\b(?:gpa|canvas|blackboard|moodle|zoom link|wifi|wi fi|dorms?|dining hall|cafeteria|parking|registrar|financial aid"
              + "|tuition (?:fees?|bill|payment)|office hours|spring break|syllabus|student id|transcript|drop (?:a |the |my )?class|add drop"
              + "|deadline to|due date|extension on|easy a|easiest (?:class|professor|prof|teacher)|open book"
              + "|credits? (?:do i need|to graduate)|class (?:is )?(?:cancelled|canceled)|my (?:grades?|schedule|professor|prof|ta|advisor|section|roommate|password"
              + "|account|login)|(?:who|which) is my \\w+ (?:ta|professor|prof|teacher))\\b");
  private static final Pattern SCHEDULE =
      Pattern.compile(
          "^(?:when|wen|what time|what day|what room|which room|where|wheres|where s)\\b.*\\b(?:exam|midterm|final|quiz"
              + "|test|lecture|class|office|library|lab|labs|lab report|due|posted|cancelled|canceled|presentations?|club"
              + "|essay|assignment|project|grades|department)\\b.*");
  // Live information: a forecast or last night's result is news, not an article. Narrow on purpose:
  // "how do fronts change the weather tmrw" is a study question that mentions a day.
  private static final Pattern LIVE =
      Pattern.compile(
          "^(?:what'?s|what is|how'?s|how is|will it|is it (?:gonna|going to))\\b.{0,20}\\b(?:weather|forecast|rain|snow"
              + "|temperature)\\b.{0,15}\\b(?:today|tonight|tomorrow|tmrw|tmr|this weekend|outside)\\b.*"
              + "|.*\\bwho won\\b.*|.*\\b(?:scores?|standings|results) (?:today|tonight|last night|yesterday)\\b.*");
  private static final Pattern DO_MY_WORK =
      Pattern.compile(
          "\\b(?:do|write|finish|complete|take|answer) (?:my|this|the) (?:\\w+ )?(?:homework|hw|essay|assignment|paper|exam"
              + "|test|quiz|lab|worksheet)\\b");
  private static final Pattern HELP = Pattern.compile("help|help me|how do i use (?:this|you|u|studybot)|commands|usage|\\?");
  // Thanks or goodbye that goes on about the bot ("thanks for the help bot", "ty that was useful"):
  // no question follows.
  private static final Pattern THANKS_START =
      Pattern.compile("^(?:thanks?|thank (?:you|u)|thx|ty|tysm|cheers|bye|goodbye|good night|see (?:you|ya|u)|cya)\\b.*");
  private static final Pattern QUESTION_WORD =
      Pattern.compile("\\b(?:what|whats|how|why|when|where|which|who|explain|is|are|does|do|can|could|should|difference)\\b|\\?");
  // Talk addressed to the bot itself, or about the student's mood: no article is about either.
  private static final Pattern CHAT =
      Pattern.compile(
          "^(?:(?:do|did|are|were|will|would|have|can|could) (?:you|u) (?:ever |even |really )?(?:sleep|eat|dream|like|love|hate|feel"
              + "|get|have (?:a |any )?(?:friends?|feelings|name|family)|sing|dance|rap|tell (?:me )?(?:a )?(?:joke|story)|play)\\b.*"
              + "|(?:you'?re|you are|youre|ur|u r|u are) (?:so |very |really |the |a |an )?\\w+(?: \\w+)?"
              + "|(?:i|we) (?:hate|love|like|dislike|can'?t stand) (?:you|u|this|it|\\w+)"
              + "|i'?m (?:so |really |very |kinda |kind of |super )?(?:bored|tired|sleepy|hungry|sad|stressed|done|lonely|happy)\\b.*"
              + "|tell me a (?:joke|story)|(?:lol|lmao|rofl|bruh|bro|ok|okay|k|kk|hmm+|wow|omg|idk|meh|ugh|nvm|yay|ha(?:ha)+|xd|welp)"
              + "|(?:what'?s|whats|what is) (?:your|ur) (?:favou?rite|fav|name|age)\\b.*"
              // How the bot is, what it is like, where it is: small talk addressed to it.
              + "|(?:how (?:are|r) (?:you|u|ya)|how'?s it going|how is it going|hows it going|how (?:have|'?ve) (?:you|u) been)"
              + "(?: (?:doing|today|tonight|bot|studybot))*"
              + "|(?:are|r) (?:you|u) (?:still )?(?:there|awake|alive|smart|sentient|conscious|ok|okay|mad|angry|single|busy|listening"
              + "|working|broken|stupid|dumb|smarter than \\w+)"
              + "|(?:can|do) (?:you|u) (?:hear|see|understand|remember) me|how old (?:are|r) (?:you|u)"
              + "|where (?:do|did) (?:you|u) (?:live|come from)|where (?:are|r) (?:you|u) from"
              + "|(?:say|tell me) something(?: (?:interesting|fun|funny|cool|random|nice))?|talk to me|entertain me"
              + "|(?:will|would|can) (?:you|u) (?:be my \\w+|marry me|go out with me))$");
  // A request for help that says what kind of help but not with what: a question is coming, so the
  // bot asks for it instead of guessing ("can you help me", "i have a question", "help me with my
  // homework", "i need help with chemistry": a whole subject is not a topic).
  private static final String SUBJECTS =
      "(?:bio|biology|chem|chemistry|physics|phys|math|maths|mathematics|calc|calculus|stats|statistics|algebra|geometry"
          + "|history|hist|english|lit|literature|econ|economics|psych|psychology|cs|comp sci|computer science|coding"
          + "|programming|engineering|earth science|geology|science|education|school|schoolwork|studying|homework|hw)";
  private static final String WORK =
      "(?:homework|hw|class|course|exam|test|final|midterm|quiz|assignment|project|question|questions|stuff)";
  private static final Pattern REQUEST =
      Pattern.compile(
          "^(?:(?:hey |hi |yo |please |pls )?(?:(?:can|could|will|would) (?:you|u)(?: please| pls)? |pls |please "
              + "|i need (?:your |some )?|need |i want |i could use (?:some )?)"
              + "help(?: me| me out| out)?(?: (?:with|on|in|for) (?:my |some |a |an |the |this )?(?:something|" + WORK + "|"
              + SUBJECTS + "(?: " + WORK + ")?))?"
              + "|(?:i (?:have|got|'?ve got)|got) (?:a |one |another |some )?(?:quick |small |little |study |homework )?"
              + "(?:question|questions|doubt)(?: (?:for|about|on) (?:you|u|" + SUBJECTS + "))?"
              + "|(?:can|may|could) i ask (?:you |u )?(?:a |an |one |another |some )?(?:quick |small )?(?:question|questions|something)"
              + "|(?:quick|random|dumb|stupid|small) question|question for (?:you|u)"
              + "|(?:are|r) (?:you|u) able to help(?: me)?|(?:can|could) (?:you|u) answer (?:a |my |some )?questions?"
              + "|i'?m (?:so |really |super )?(?:stuck|lost|confused|struggling)(?: (?:with|in|on) (?:my )?" + SUBJECTS
              + "(?: " + WORK + ")?)?"
              + "|i (?:don'?t|dont|do not) (?:get|understand) " + SUBJECTS + "(?: " + WORK + "| at all)?"
              + ")$");
  // Cooking, games and errands: whatever they share with an article's words, no article answers them.
  private static final Pattern LEISURE =
      Pattern.compile(
          "\\b(?:recipes? (?:for|with)|how (?:long (?:do|should|can|to)(?: i| you| we)?|(?:do|should|can) (?:i|you|we)|to)"
              + " (?:boil|bake|fry|grill|roast|microwave|marinate)"
              + "|minecraft|fortnite|roblox|valorant|elden ring|pokemon|zelda|league of legends|call of duty|overwatch|genshin"
              + "|(?:book|make|schedule|cancel|reschedule) (?:a |an |my )?(?:\\w+ )?(?:appointment|reservation|booking)"
              + "|(?:what|which) grades? do i need|will (?:this|it|that) be on the (?:exam|test|final|quiz|midterm))\\b"
              + "|^(?:how (?:do|can|should|would) i|can i|should i) (?:get into|apply (?:to|for)|get admitted to|transfer (?:to|into))\\b.*");

  // Shopping and personal recommendations: a definition of the product is not the answer.
  private static final Pattern SHOPPING =
      Pattern.compile(
          "\\b(?:where (?:can|do|should|could) i (?:buy|order)|where (?:can|do|should|could) i (?:get|find) (?:a |an |some )?"
              + "(?:\\w+ )?(?:cheap|used|new|second ?hand)\\b|(?:should|do|can) i buy|(?:which|what) \\w+(?: \\w+)? should i"
              + " (?:buy|watch|eat|wear|play|download)|what should i (?:eat|watch|wear|play|cook|buy)|buy (?:a|an|the|some)"
              + " (?:\\w+ )?(?:cheap|cheaper|used|new)|how much (?:does|do|is|are) (?:a |an |the )?\\w+(?: \\w+){0,3} (?:cost|costs)"
              + "|on sale|discount code|(?:can|could) (?:you|u) recommend|recommend me|(?:best|good) (?:\\w+ ){1,3}to (?:buy|get)"
              + "|(?:what'?s|whats|what is) a good \\w+ (?:app|manager|brand|laptop|phone|vpn|browser)"
              + "|is (?:windows|mac|iphone|android|xbox|playstation|ps5) or (?:windows|mac|iphone|android|xbox|playstation|ps5) better)\\b");
  // Help with the student's own devices, accounts and apps, and local errands: not a study topic,
  // whatever it shares with a definition ("how do i connect my printer to wifi").
  private static final Pattern PERSONAL_TECH =
      Pattern.compile(
          "\\bmy (?:laptop|computer|pc|mac|macbook|phone|iphone|android|printer|router|modem|keyboard|mouse|monitor|headphones"
              + "|airpods|earbuds|tablet|ipad|tv|xbox|playstation|ps5|console|internet|screen|battery|charger|car|bike)\\b"
              + "|\\b(?:instagram|tiktok|snapchat|facebook|youtube channel|spotify|netflix|discord|followers)\\b"
              + "|^how (?:do|can|should) i (?:install|uninstall|download|reset|reboot|set up|setup|unsubscribe|jailbreak)"
              + " (?:my|a|an|the)\\b.*"
              // debugging one's own program: "why is my code not compiling"
              + "|\\bmy (?:code|program|script|project) (?:is |isn'?t |won'?t |doesn'?t |does not |is not |keeps )?(?:not )?"
              + "(?:compile|compiling|run|running|work|working|crash|crashing|load|loading)\\b"
              + "|\\bnearest (?:coffee|store|shop|cafe|restaurant|atm|bank|gas|pharmacy|bus|train|station)\\b|\\bnear me\\b"
              + "|\\b(?:is|are) (?:the )?\\w+ open (?:on|today|tonight|tomorrow|now|late|at|until)\\b");
  // Words that name no topic: a message made only of these that points at something unnamed ("it",
  // "that", "more") or is a lone question word asks about nothing in particular ("how does it
  // work", "what does that mean", "tell me more", "why"); "what is work" still names one.
  private static final java.util.Set<String> POINTING =
      java.util.Set.of("it", "its", "it's", "that", "this", "these", "those", "they", "them", "there", "more", "again", "else");
  private static final java.util.Set<String> NO_TOPIC =
      java.util.Set.of(
          "a", "an", "the", "it", "its", "it's", "that", "this", "these", "those", "they", "them", "there", "here", "thing",
          "things", "stuff", "one", "ones", "what", "whats", "what's", "how", "hows", "how's", "why", "whys", "when", "where",
          "which", "who", "is", "are", "was", "were", "be", "been", "do", "does", "did", "done", "doing", "can", "could",
          "would", "should", "will", "work", "works", "working", "worked", "mean", "means", "meaning", "meant", "explain",
          "explained", "again", "more", "less", "detail", "details", "elaborate", "simpler", "simply", "simple", "tell", "me",
          "i", "you", "u", "we", "my", "your", "ur", "say", "said", "saying", "know", "understand", "get", "got", "happen",
          "happens", "happened", "go", "goes", "going", "so", "then", "and", "or", "but", "if", "of", "to", "in", "on", "for",
          "with", "about", "please", "pls", "plz", "same", "other", "else", "really", "actually", "just", "example",
          "examples", "part", "question", "answer", "like", "not", "dont", "don't", "still", "confused", "confusing", "lost",
          "sense", "make", "makes", "idea", "now", "all", "any", "some", "way", "ok", "okay", "yes", "no", "wait", "huh",
          "hmm", "sorry", "help", "also", "too", "very", "much", "many", "bit", "lil", "little", "bot", "studybot", "right");

  // Running a course rather than its content: an assessment or assignment named together with how
  // it is run (due, open notes, a curve, the rubric, a room, handing in, signing up), in either
  // order ("is the french revolution test open notes", "where do i hand in my lab report"). Words
  // that can belong to a study question ("grade", "final", "points") count only in these phrases.
  private static final String ASSESSED =
      "(?:exam|exams|test|tests|final|finals|quiz|quizzes|midterm|midterms|essay|essays|assignment|assignments"
          + "|lab|labs|lab report|lab notebooks?|project|projects|presentations?|homework|hw|class|lecture|lectures|course)";
  private static final String RUNNING =
      "(?:due|open notes|open book|a curve|curved|retake|redo|late penalty|late policy|word count|word limit|rubric"
          + "|how many points|worth on|post(?:ed)? (?:the |our )?grades|grades? (?:posted|back|out)|what did i get|recorded"
          + "|what room|which room|room is|print|submit|hand in|turn in|sign up|signup|register for|chapters|start|starts"
          + "|begin|begins|cancelled|canceled|use a calculator|bring|allowed)";
  private static final Pattern COURSE_RUNNING =
      Pattern.compile(
          "\\b" + ASSESSED + "\\b.*\\b" + RUNNING + "\\b|\\b" + RUNNING + "\\b.*\\b" + ASSESSED + "\\b"
              // whether a topic is examined: the syllabus says, not an article ("will mitosis be on the bio test")
              + "|\\b(?:be|is|are|come up|comes up)(?: \\w+){0,3} on (?:the |our |my |this |next )?(?:\\w+ )?"
              + "(?:exam|test|final|quiz|midterm)s?(?: (?:tomorrow|tmrw|next \\w+|this \\w+|on \\w+day))? ?\\??$"
              // a named teacher, and who teaches what
              + "|\\b(?:mr|mrs|ms|miss|dr|prof|professor|coach) [a-z]+\\b.*\\b(?:sick|out|absent|post|posted|teaching|email|office"
              + "|grade|grades|grading|class|know)\\b|\\b(?:who is|who s|whos|who'?s) (?:teaching|grading|the teacher)\\b"
              + "|\\b(?:email|message|contact|call|text|know|find) (?:my|our) (?:teacher|instructor|tutor|lecturer)\\b"
              + "|\\bwho grades\\b|\\bwhich teacher\\b"
              // when an assessment is: "is the photosynthesis quiz tomorrow or next week"
              + "|^(?:is|when is|what day is) (?:the |our |my )?(?:\\w+ )?" + ASSESSED + " (?:today|tomorrow|tmrw|tonight|this|next"
              + "|on (?:monday|tuesday|wednesday|thursday|friday|saturday|sunday))\\b"
              + "|^how long is (?:the |my |our )?(?:\\w+ )?(?:exam|test|final|quiz|midterm|class|lecture)\\b");
  // Requests that the bot do something other than explain: write, sing, remind, translate, grade,
  // contact someone, pick, tell jokes. No article does a task.
  private static final Pattern TASK =
      Pattern.compile(
          "^(?:(?:hey |yo |ok )?(?:(?:can|could|will|would) (?:you|u) (?:please |pls )?|please |pls )?)"
              + "(?:write me|write (?:a |an )?(?:poem|song|story|rap|haiku|limerick)|sing|rap|remind me|set (?:a |an |me a )?"
              + "(?:reminder|alarm|timer)|translate .*\\b(?:into|to|in) (?:spanish|french|german|chinese|japanese|korean|italian"
              + "|arabic|hindi|portuguese|russian|english)|proofread|grade my|check my|email (?:my|the)|call (?:my|me)|pick a|give me"
              + " (?:a |an |some )?(?:motivational |inspirational |random |funny )?(?:quote|quotes|pep talk|motivation|compliment|advice))\\b.*"
              + "|\\b(?:jokes?|puns?|riddles?|knock knock|make me laugh|something funny|roast me|my horoscope|horoscope"
              + "|pick ?up lines?)\\b");
  // Advice about the student's own life and choices: no study article decides for them.
  private static final Pattern PERSONAL =
      Pattern.compile(
          "^(?:(?:should i|should we|do you think i should) (?:break up|drop out|quit|take|major|date|move|switch|transfer|go to"
              + "|get a|study abroad|buy)|will i (?:pass|fail|get)|what should i (?:major|study|do|name|get|call|say)"
              + "|how (?:do|can|should) i (?:make friends|stop procrastinating|ask \\w+ out|tell (?:my|her|him|them) |convince my"
              + "|get a (?:girlfriend|boyfriend|job|fake)|get better at|get over|deal with my|break up))\\b.*"
              + "|\\bwhat should i (?:name|call) my\\b|\\b(?:good|cool|funny) name for (?:my|a|our)\\b"
              + "|\\b(?:my|your|ur) opinion (?:on|about|of)\\b|\\bmeaning of life\\b");
  // Facts outside any study article, asked in a form no explanation answers: the capital of a
  // country, who won or sang or wrote something, the first holder of a title, a celebrity's
  // figures, a measurement of a landmark. Questions about how or why stay questions.
  private static final Pattern TRIVIA =
      Pattern.compile(
          "^(?:what|whats|what s|what'?s|what is|which) (?:is )?(?:the )?(?:capital|capital city|population|currency|national \\w+"
              + "|official language|main language|president|prime minister|king|queen|mayor|ceo) of\\b.*"
              + "|^(?:who|whos|who s|who'?s) (?:won|wins|sang|sings|painted|plays|played|directed|starred|is dating"
              + "|is the (?:president|prime minister|richest|best|greatest|fastest|strongest|tallest|most famous|ceo)"
              + "|(?:was|is) the first (?:man|woman|person to (?:walk|fly|climb|land|win)|emperor|king|queen|president|pope))\\b.*"
              + "|^(?:what|which) (?:team|channel|movie|song|album) (?:does|do|did|is|was|are) .*"
              + "|^how (?:tall|high|old|far away|big|heavy|deep) (?:is|are|was) (?:the |a |an )?(?:\\w+ ){0,2}(?:tower|building|bridge"
              + "|mountain|statue|river|lake|city|country|player|singer|actor|president|king|queen|moon|sun)\\b.*"
              + "|^how (?:far|far away) is\\b.*|^how many (?:\\w+ )?(?:players|goals|bones|teeth|followers"
              + "|oscars|grammys|championships|titles|rings)\\b.*"
              + "|\\b(?:net worth|world cup|super bowl|champions league|world series|nba|nfl|olympics|grammys|oscars|celebrity)\\b"
              // who made, and when, the first of something, or an everyday invention an article only
              // mentions; "who came up with the hierarchy of needs" names a topic and stays a question
              + "|^(?:who|when) (?:was|were|did)? ?(?:the )?first (?:\\w+ ){1,2}(?:invented|made|built|discovered|created|founded)\\b.*"
              + "|^who (?:invented|discovered|came up with|created|built|founded|started|made) (?:the |a |an )?first\\b.*"
              + "|^(?:who|when) (?:was |were |did )?(?:invented|discovered|came up with|created|built|founded|started|named|made)? ?"
              + "(?:the |a |an )?(?:calculator|telephone|phone|light bulb|lightbulb|internet|computer|car|bicycle|bike|airplane"
              + "|plane|radio|television|tv|thermometer|microscope|telescope|periodic table|python|java|penicillin|stock market"
              + "|bridge|wheel|printing press|vaccine|tectonic plates)s? ?(?:invented|discovered|made|built|created)?$");
  // Live information and figures of the moment: today's price, rate, news or forecast.
  private static final Pattern NOW =
      Pattern.compile(
          "^(?!.*\\b(?:still|relevant|matters?|important|used|use|apply|applies)\\b)"
              + "(?:what|whats|what s|what'?s|what is|what are|is|are|did|has|have|will|who|how bad|how much|how many|when is|when does|when will|where)"
              + "\\b.*\\b(?:right now|today|tonight|this (?:week|weekend|month|year|morning|afternoon|evening)|at the moment|currently"
              + "|last night|yesterday|these days)\\b.*"
              + "|\\bdid .{1,40} just\\b|^(?:will it|is it going to|is it gonna) (?:rain|snow|storm|be sunny|be hot|be cold)\\b.*"
              + "|\\b(?:stock price|share price|exchange rate|interest rate|inflation rate|unemployment rate|pollen count|price of"
              + " (?:bitcoin|gold|oil|gas|silver|a barrel|eggs|stocks?))\\b|\\b(?:in the news|news today|latest news|hurricane"
              + " coming|weather like)\\b|^when (?:is|s|does|will) the next\\b.*|^any (?:news|updates?)\\b.*");
  // Buying, prices and product picks, beyond SHOPPING's phrases.
  private static final Pattern PRODUCTS =
      Pattern.compile(
          "\\b(?:how much (?:is|are|was|were|does|do|did) (?:a |an |the |one )?(?:\\w+ ){0,5}(?:cost|costs|worth)"
              + "|how much is (?:a|an|one) \\w+|cheapest|cheap \\w+ for|worth the money|good investment|under \\d+ (?:dollars|bucks)"
              + "|(?:best|good|decent|cheap|cheapest) (?:\\w+ ){0,2}(?:brand|app|laptop|calculator|microscope|telescope|headphones"
              + "|shoes|phone|textbook|book|set|kit) (?:for|to|of|under)\\b|good (?:\\w+ ){0,2}for (?:a |an )?\\d+ year old"
              + "|which \\w+(?: \\w+)? (?:is|are) (?:the )?best\\b|recommend(?:ed|s)?|membership|bootcamp|where to buy"
              + "|amazon|walmart|ebay|costco|cheapest flights?|flights? to|(?:buy|lease|rent) (?:a |an |one )?(?:used |new )?(?:car|house|apartment))\\b");

  // A request addressed to the bot, told by its form: an imperative (after "can you", "please",
  // "hey bot") whose verb makes or does something rather than explains. Verbs that only ever ask
  // for a product count alone ("write", "draw", "grade", "proofread", "remind"); verbs a study
  // question also opens with ("make", "check", "summarise", "review") count when their object is
  // the student's own work or a new thing for them ("make me flashcards", "check my answer",
  // "summarise chapter 3"). "Explain", "tell me", "show me how", "walk me through", "give me
  // examples of" and "summarise the causes of ww1" stay questions.
  private static final String POLITE =
      "^(?:(?:hey|hi|yo|ok|okay|so|bot|studybot|please|pls|plz)[ ,]+)*(?:(?:can|could|will|would) (?:you|u)(?: please| pls)? "
          + "|please |pls |plz |i (?:need|want) (?:you|u) to |go ahead and )?";
  private static final Pattern PRODUCE =
      Pattern.compile(
          POLITE + "(?:grade|proofread|remind|email|quiz (?:me|us)|test (?:me|us)|fill (?:in|out)|(?:rate|mark|score|do|finish"
              + "|complete|fix|edit|correct|read) my|find me|get me|set (?:a|an|me)(?: \\w+){0,2} (?:timer|alarm|reminder))\\b.*");
  private static final Pattern MAKE_FOR_ME =
      Pattern.compile(
          POLITE + "(?:write|draw|sketch|generate|send|make|create|check|review|summari[sz]e|sum up|plan|build|design|code"
              + "|organi[sz]e|prepare|rewrite|reword|paraphrase)"
              + " (?:(?:me|us)\\b|(?:a|an|my|our|this|these|that|some|\\d+) |chapter\\b|page\\b|the (?:attached|following"
              + "|text|article|pdf|document|chapter|book)\\b).*");
  // Asking for an opinion or a taste: whether a subject is hard or boring, which of two is better,
  // what the bot thinks or likes. An article explains; it does not judge ("is the median better
  // than the mean when there are outliers" and "which is better for skewed data" stay questions:
  // a comparison under a stated condition is what an article answers).
  private static final String JUDGED =
      "(?:hard|harder|hardest|easy|easier|easiest|difficult|boring|fun|funny|interesting|overrated|underrated|stupid|dumb"
          + "|pointless|useless|worth it|worth (?:learning|taking|studying|doing)|cool|cooler|coolest|lame|a real science"
          + "|real science|a (?:good|bad|great|nice|evil) (?:guy|person|man|woman|leader|idea|thing)|good or bad|a mistake"
          + "|the best|the worst|beautiful|ugly|scary|hot)";
  private static final Pattern OPINION =
      Pattern.compile(
          "^(?:is|are|was|were|isn'?t|aren'?t|wasn'?t) (?:it )?(?:\\w+ ){1,4}(?:even |really |so |too |kinda |actually )?" + JUDGED
              + "(?: (?:or not|to learn|to study|to take|honestly|tbh|lol|right|one|or (?:a |an )?\\w+(?: \\w+)?))*$"
              + "|^\\w+(?: \\w+){0,3} (?:is|are|was|were) (?:so |really |kinda |honestly |just )?(?:overrated|underrated|stupid"
              + "|dumb|pointless|useless|boring|lame)\\b.*"
              + "|^(?:honestly |tbh )?(?:the )?\\w+(?: \\w+){0,3} (?:is|are) (?:so |really |kinda |just )?(?:dumb|stupid|boring"
              + "|pointless|overrated)\\b.*"
              + "|\\b(?:do|did|would) (?:you|u) think\\b|\\bwhat do (?:you|u) think\\b|\\bin (?:your|ur) (?:opinion|view)\\b"
              + "|\\b(?:your|ur) (?:favou?rite|fav|fave)\\b|\\bdo (?:you|u) (?:like|prefer|agree)\\b"
              + "|^which (?:\\w+ ){0,2}(?:is|was|are|were|one is) (?:the )?(?:better|worse|best|worst|coolest|cooler|harder|easier"
              + "|hardest|easiest|more fun|more interesting|more important)(?: one)?(?: (?:or|vs|versus) \\w+(?: \\w+)?)?"
              + "(?:,? \\w+(?: \\w+)? (?:or|vs|versus) \\w+(?: \\w+)?)?$"
              + "|^(?:is it|would it be) (?:better|smarter|worth it) to (?:major|study|take|learn|go|switch|do)\\b.*");
  // Asking about one's own body, health, feelings or situation: a study article explains the
  // science, not what this student should do ("i think i have the flu, should i stay home",
  // "do i have adhd if ...", "how much caffeine is too much before an exam").
  private static final Pattern SELF =
      Pattern.compile(
          "\\b(?:i think i (?:have|am|m|got)|do i have (?!to\\b)|am i (?:sick|normal|depressed|dumb|stupid|smart|allowed|going to)"
              + "|is it normal (?:to|that|for me|if i)|is it (?:ok|okay|bad|safe) (?:for me|if i)|what (?:do|should|can) i do\\b(?! to (?:find|calculate|solve|get the))"
              + "|should i (?:get|stay|go|see|tell|call|be worried|worry|skip|eat|sleep)|i (?:can'?t|cant|cannot) (?:sleep|focus"
              + "|concentrate|stop|stand|deal|breathe)|i feel (?:so |really |very |kinda )?(?:sad|lonely|alone|sick|anxious|depressed"
              + "|stressed|tired|dumb|stupid|lost|overwhelmed)|my (?:\\w+ )?(?:hurts|aches|is killing me|levels are)"
              + "|(?:my|our) (?:parents|mom|dad|mum|girlfriend|boyfriend|crush|friend|friends|roommate|family|sister|brother)"
              + " (?:is|are|hates|doesn'?t|don'?t|won'?t|keeps)\\b|get my crush"
              + "|how much (?:caffeine|coffee|sleep|water|energy drink)\\w* (?:is|should|do)\\b)");
  // A link pasted alone: nothing to search for (Slack's own <https://...> links are dropped by
  // QueryText before this).
  private static final Pattern ONLY_LINKS =
      Pattern.compile("^(?:<?(?:https?://|www\\.)\\S+>?|\\S+\\.(?:com|org|edu|net|io|gov|co|ly|be)(?:/\\S*)?)"
          + "(?:\\s+(?:<?(?:https?://|www\\.)\\S+>?|\\S+\\.(?:com|org|edu|net|io|gov|co|ly|be)(?:/\\S*)?))*$");
  // A sentence that asks something: a question mark, or opening with a question word, an auxiliary
  // verb or an imperative of explaining.
  private static final Pattern ASKING =
      Pattern.compile(
          "^(?:\\W*)(?:what|whats|what's|how|hows|how's|why|when|where|which|who|whose|is|are|was|were|do|does|did|can|could"
              + "|would|should|will|explain|define|describe|compare|tell|show|teach|help|give|list|walk|break|summari[sz]e|difference)\\b.*");

  private SmallTalk() {}

  /** A cleaned message in lower case, punctuation but apostrophes and question marks made spaces. */
  static String normalise(String cleaned) {
    return cleaned.toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N}'?\\s]", " ").replaceAll("\\s+", " ").strip();
  }

  /** The intent of a cleaned message: chat intents for short chat, else {@link Intent#QUESTION}. */
  static Intent classify(String cleaned) {
    String t = normalise(cleaned);
    if (t.isEmpty()) {
      return Intent.EMPTY;
    }
    if (ONLY_LINKS.matcher(cleaned.strip()).matches()) {
      return Intent.OFF_TOPIC;
    }
    String bare = t.replaceAll("[?!.']+$", "").replace("'", "'").strip();
    String[] words = bare.split(" ");
    boolean isShort = words.length <= 7;
    if (words.length <= 12 && THANKS_START.matcher(bare).matches() && !QUESTION_WORD.matcher(bare).find()) {
      return Intent.THANKS;
    }
    if (words.length <= 12 && CHAT.matcher(bare).matches()) {
      return Intent.CHAT;
    }
    if (words.length <= 14 && REQUEST.matcher(bare).matches()) {
      return Intent.VAGUE;
    }
    if (telling(cleaned)) {
      return Intent.CHAT;
    }
    if (!isShort) {
      return offTopic(t) ? Intent.OFF_TOPIC : Intent.QUESTION;
    }
    if (GREETING.matcher(bare).matches()) {
      return Intent.GREETING;
    }
    if (THANKS.matcher(bare).matches()) {
      return Intent.THANKS;
    }
    if (IDENTITY.matcher(bare).matches()) {
      return Intent.IDENTITY;
    }
    if (HELP.matcher(t.strip()).matches()) {
      return Intent.HELP;
    }
    if (java.util.Arrays.stream(words).allMatch(NO_TOPIC::contains)
        && (words.length == 1 || java.util.Arrays.stream(words).anyMatch(POINTING::contains))) {
      return Intent.VAGUE;
    }
    return offTopic(t) ? Intent.OFF_TOPIC : Intent.QUESTION;
  }

  private static final Pattern FIRST_PERSON = Pattern.compile("\\b(?:i|im|i'm|i've|ive|my|me|we|our|us)\\b");

  /**
   * Whether a message of two or more sentences only tells something ("okay so my dog ate my
   * homework on supply and demand. true story"): none asks (no question mark, none opens with a
   * question word, an auxiliary or an imperative of explaining) and the student talks about
   * themselves. A topic word in a story is not a question about it.
   */
  static boolean telling(String cleaned) {
    if (cleaned.indexOf('?') >= 0) {
      return false;
    }
    List<String> sentences = new java.util.ArrayList<>();
    for (String part : cleaned.split("[.!;]+|\\s[-–—]\\s")) {
      String n = normalise(part);
      if (!n.isEmpty()) {
        sentences.add(n);
      }
    }
    if (sentences.size() < 2) {
      return false;
    }
    for (String sentence : sentences) {
      if (ASKING.matcher(sentence).matches() || REQUEST.matcher(sentence).matches()) {
        return false;
      }
    }
    return FIRST_PERSON.matcher(normalise(cleaned)).find();
  }

  private static boolean offTopic(String t) {
    return kind(t) != null;
  }

  /** Why no article answers a message that {@link #classify} calls off-topic, to say so helpfully. */
  enum OffTopic {
    /** Course and campus logistics: grades, dates, rooms, teachers. */
    SCHOOL,
    /** Buying things, prices and product recommendations. */
    SHOPPING,
    /** News, forecasts and figures of the moment. */
    LIVE,
    /** Something to do rather than explain: write, remind, translate, jokes. */
    TASK,
    /** Advice about the student's own life. */
    PERSONAL,
    /** A fact outside the study articles: capitals, sports, celebrities, inventors. */
    TRIVIA,
    /** A judgement or a taste: whether a subject is hard, which of two is better, the bot's favourite. */
    OPINION,
    /** A link pasted alone. */
    LINK,
    /** Anything else no article covers: devices, games, cooking, errands. */
    OTHER
  }

  /** The kind of off-topic message {@code cleaned} is, or {@code null} when it may be a study question. */
  static OffTopic offTopicKind(String cleaned) {
    if (ONLY_LINKS.matcher(cleaned.strip()).matches()) {
      return OffTopic.LINK;
    }
    return kind(normalise(cleaned));
  }

  /** The checks in order, each with the kind it finds; a whole-message pattern starts with "^". */
  private static final List<Map.Entry<Pattern, OffTopic>> KINDS =
      List.of(
          Map.entry(CAMPUS_WORDS, OffTopic.SCHOOL), Map.entry(SCHEDULE, OffTopic.SCHOOL),
          Map.entry(COURSE_RUNNING, OffTopic.SCHOOL), Map.entry(DO_MY_WORK, OffTopic.SCHOOL),
          Map.entry(LIVE, OffTopic.LIVE), Map.entry(NOW, OffTopic.LIVE),
          Map.entry(SHOPPING, OffTopic.SHOPPING), Map.entry(PRODUCTS, OffTopic.SHOPPING),
          Map.entry(TASK, OffTopic.TASK), Map.entry(PRODUCE, OffTopic.TASK), Map.entry(MAKE_FOR_ME, OffTopic.TASK),
          Map.entry(PERSONAL, OffTopic.PERSONAL), Map.entry(SELF, OffTopic.PERSONAL), Map.entry(OPINION, OffTopic.OPINION),
          Map.entry(TRIVIA, OffTopic.TRIVIA),
          Map.entry(PERSONAL_TECH, OffTopic.OTHER), Map.entry(LEISURE, OffTopic.OTHER));

  private static OffTopic kind(String t) {
    for (Map.Entry<Pattern, OffTopic> k : KINDS) {
      java.util.regex.Matcher m = k.getKey().matcher(t);
      // SCHEDULE and LIVE describe the whole message; the rest are found anywhere in it.
      if (k.getKey() == SCHEDULE || k.getKey() == LIVE ? m.matches() : m.find()) {
        return k.getValue();
      }
    }
    return null;
  }

}
