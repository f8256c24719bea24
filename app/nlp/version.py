"""The annotator's version: what a stored article was annotated with.

Ingest compares it with the version an article was stored under and re-annotates and re-indexes
the articles of an older one; the history below says what each version changed.
"""

# Bump when a rule changes what the annotator returns or how text is indexed for search:
# stored articles are then re-annotated and re-indexed at the next ingest.
# 3: control characters are spaces; 4: search keys (issue 18); 5: paragraphs served as written,
# spans into the source text (issue 14); 6: today's news (issue 15): labels «X:», cues and
# mentions on the line before the words, more cues and attributions; 7: speakers resolved in
# the article and linked across articles (issue 16); 8: longer labels with a setting, a role in
# parentheses and «گزارش X:»; no speech in a relative clause «آنچه X گفت» (issue 15).
# 9: speech nouns and owner nouns before names, roles of one country, non-names (issue 16).
# 10: a quote's place (its id) holds the cue's paragraph when it is an earlier line; more rules
# for today's news (issue 15).
# 11: a listed office is not a person who never held it; offices' holders by date (issue 16).
# 12: «گفته شود» no cue; list headings no labels; «براساس این گزارش» without a comma, the
# reporter's; «یک» ends a source before the subject; no subject inside a quoted question or
# before «که در آن X» or «…، اما X»; a flag «فوری/» or «فوری -» before a label; «گفت، «…».»;
# «X در پاسخ به …:» speaks; «X به نقل از Y:» X an outlet; an unclosed « left out (issue 15).
# 13: each quote's link evidence and each speaker's roles are recorded (issue 16).
# 14: one-word names link by words between spaces, never through a place, outlet or stop word;
# «سید» off a given name; outlets under several spellings one; roles of one country (issue 16).
# 15: a label's one or two words in « »; «X - role:» a label; the spoken present «میگه» a cue
# (with someone who speaks); spoken adverbs («الان»، «توی») end a speaker; a foreign capital for
# its country in a role; «پیام ویدیویی X:»، «متن کامل بیانیه X:»، «بخشی از سخنان X:»; «توییت
# کرد»; a verb before the colon no label; the subject after «نشان می‌دهد که» (issue 15).
# 16: epithets after a name, «حقیقت‌یاب X» and «نبود»/«هیچ» are not names; a provincial
# office named alone is its article's; outlets' aliases («قوه‌قضائیه» of «میزان», «صداوسیما»);
# «سرلشگر» an honorific; «طعنه», «استقبال» nouns of speech; given names «رافائل»,
# «عبدالناصر» (issue 16).
# 17: a speaker named, whole, by a country's, a city's or an outlet's own name is an
# organisation («رویترز», «ایران»), whatever kind the rules read; forces, headquarters and
# public-relations offices («نیروی», «قرارگاه», «روابط عمومی») are organisations, as are
# «حزب‌الله», «حماس», «طالبان», «انصارالله»; «فرانس‌پرس» is «خبرگزاری
# فرانسه», «فرانس ۲۴» an outlet (issue 16).
# 18: a label on a line of its own over a figure («بازی برگشت:» and a date) is a field; «و
# بین‌الملل(ی)» inside one name or role; «اندیشکده» an organisation; «حفاظت/حمایت از X» inside
# an organisation's name; an organisation's label of two parts («وزارت راه و شهرسازی:») (issue 15).
# 19: a listed organisation's own name («سنتکام», «کرملین») an organisation; «سی‌بی‌اس‌نیوز» is
# «سی‌بی‌اس», «آتلانتیک» and «میدل ایست آی» outlets; «نقل‌قول مهم X:» X's words; «کان نیوز»,
# «یدیعوت آحارونوت», «کلش ریپورت», «پرس تی‌وی» outlets; a country of two words («کره شمالی») a
# state; epithets «متوهم», «هار» and animals («خوک», «سگ») name no one (issue 16).
# 20: an outlet read as a name («نیویورک تایمز:») speaks, so a run of label lines with it is no
# list of topics; a label after a slash that joins short news on one line («… شد/ X: …») (issue 15).
# 21: a name in guillemets whole, with both marks and its words («برنامه «صبح بخیر»»), and
# «رویترز» in guillemets the same name; an outlet's name read as a person's is an organisation
# once its kind is written; «ترجمه ماشین:» under a headline «X: …» announces X's words;
# «صرفاً جهت اطلاع:» no label (issue 15).
# 22: a label broken over three lines by its setting as a hashtag («X در» / «#گفتگو» / «با Y:»);
# a known person saying a sentence in a run of label lines is no topic of a list (issue 15).
# 23: indirect words stop at a «؛» before the author's own contrast («؛ با این حال، …»);
# «هرچند», «اگرچه» connectives before a subject (issue 15).
# 24: a demonstrative speaker («این منبع»، «این مقام»، «این رسانه») by its head word: the latest
# to speak called by it and its other words, else the one the text introduced by it («یک منبع
# …»), an outlet only for an outlet's word (issue 15).
# 25: a demonstrative inside a person's own words («این دیپلمات») is someone they tell of, never
# themself; «مارکا», «اسکای اسپورت», «آاس», «اکیپ», «بیلد» outlets (issue 15).
# 26: «به ادعای/به گزارش Y» after a reaction noun («واکنش X به ادعای Y», «در پاسخ به گزارش Y») is
# what is answered, no according-to; a role is not the one named person its first words tell
# of (issue 15).
# 27: a label after a «|» that follows a kicker («خبر فوری | X:») (issue 15).
# 28: a label opened by a noun of speech before a speaker («پاسخ X به Y:», «واکنش X به …:»),
# not an ordinal item nor an adjective before a name; «X خطاب به Y:» speaks (issue 15).
# 29: a label whose speaker is marked («شبکه «الجزیره»:», «روزنامه "X":») or holds a Latin
# acronym in parentheses is a label (issue 15).
# 30: a «؛» after a clause's own verb ends that sentence for the subject search (a pronoun or
# no subject after it is that sentence's subject); «بوده و» ends a clause; unnamed sources
# «در» an organisation; labels of messages received; «براساس»/«طبق» pieces are settings.
# 31: a name set off by commas after a role («نخست‌وزیر بریتانیا، کیر استارمر، گفت», «role،
# name:») is the speaker's; an envoy's post («سفیر X در Y»); «وابسته به» ends an outlet's name;
# hashtags before a «؛» are no subject; tone adjectives after a label's prefix; «صدا و سیما».
# 32: a role is the name set off by commas beside it anywhere in the post («X Y، شهردار …،»),
# known to the name lists or not; a pronoun refers to an earlier sentence's first subject.
# 33: the present of «شدن» compounds («یادآور می‌شود»); «فریاد زد»; a bare participle after
# «از»/«در»/«این» is a noun («از نوشته خود»); «هر» ends a subject; «خود» before a name.
# 34: a label after two blanks that ends a headline line («تیتر  X:») gives its words on the
# next line, and the headline's own quote ends before the blanks (the line as written).
# 35: the spoken past plurals «گفتن»، «میگفتن»، «نوشتن» after a subject who speaks; an
# infinitive after a preposition is no cue; «فردا»، «مدام»، «گاهی» end a subject; «چندین».
# 36: a label broken before its colon («X» on a line, «: …» on the next); the colloquial
# object marker «رو» ends a subject.
# 37: «<verb> اما/ولی» ends a clause; «باوجود»/«علی‌رغم» pieces are settings unless the cue
# ends them; «بنا به گفته X»; «به‌طور» ends a subject.
# 38: «به گفته» and a pronoun with no comma after it: the pronoun is the source.
# 39: a headline's role label and the name label right under it whose words it sums up are
# one speaker («عضو کنگره آمریکا: …» / «راجا کریشنامورتی: …»).
# 40: labels alone on every other line over their items («Todoist:» / … / «Trello:») and
# labels that count under one head word («گروه A:»، «گروه B:») are lists, not speakers.
# 41: «حال» (now) opening a clause is a connective.
# 42: «نه به …» right after a weak verb («به X گزارش می‌دهند نه به Y») is no content.
# 43: a role label in a list of short news is not an earlier label's person; «به گزارش» and
# an outlet with no comma; a label prefix glued to its adjective («افشاگری‌عجیب X:»).
# 44: «به گزارش» and an outlet, then a clause of its report before the comma: the outlet.
# 45: «یکی از X» named whole; «داده/نداده/حاکیست» end a clause; an address under a label is
# no one's words.
# 46: a pronoun after a sentence whose last clause has no subject of its own (an object
# «آن را …», a compound verb's noun «پیش‌بینی کرده») refers to the sentence's first subject.
# 47: «…؛ به گفته X، <role>.» attributes the words before it; «به» joined by a ZWNJ
# («به‌مناسبت»، «به‌ان بی سی») and glued prepositions («بااشاره») end a speaker phrase; an
# according-to phrase alone on its line («- طبق گفته X؛») gives the next line; a list's dash is
# no one's word; «طبق اعلام قبلی»، «بیانیه منتشرشده از سوی X»: the phrase's words are no source.
# 48: «بر اساس این گزارش که … منتشر شد، …»: a «که» clause about the document, ending in a
# verb before the comma, then the document's words.
# 49: unnamed outlets and where they are, one phrase («چند رسانه در داخل کشور»).
# 50: a long label may begin with an office holder's surname («عراقچی در نشست …:»); a date
# («۶ اسفند ۱۳۹۷»، «جمعه ۱۹ تیر») ends a speaker phrase.
# 51: «X، به نقل از Y، گزارش داد»: the phrase set off by commas right before the verb nests
# (two events); a plural demonstrative («این مقام‌ها») refers to those called by its plural,
# else by its singular («چند مقام …»).
# 52: «بنا بر/بنا به/طبق/بر اساس ادعای X»، «بنا بر/بر اساس گفته X» are according-to
# phrases; content does not open with a «؛».
# 53: «و» inside a role's office is part of the phrase («وزیر آموزش و پرورش»); a word with
# the present prefix «می‌» ends a speaker phrase; more light verbs («خبر می‌دهند»).
# 54: a name ending as outlets' do («اسکان نیوز»، «… پرس») is no person a later role names.
# 55: a label's length counts words, not the marks around a name in it.
# 56: a noun of speech's form words and a second noun after «و» are not the name after them
# («مصاحبه جدید X»، «توضیحات و عذرخواهی X»).
# 57: «در گزارش تازه‌ای آمده است» names no author; a label's trailing «ترجمه ماشین»; a role
# right after a verb opens a clause; an envoy «در» a body («نماینده ایران در سازمان ملل»).
# 58: «<verb> و» and a new subject with its cue a few words on: the content ends at «و».
# 59: a name and its role joined by ZWNJs («مهدی‌تاج‌رئیس‌فدراسیون‌فوتبال») are read apart.
# 60: an outlet named by its kind and where it is from («روزنامه آمریکایی») is the latest
# outlet that spoke in the post.
# 61: a light verb after a phrase: its last word is the verb's noun («X تأکید کرد»).
# 62: «این رسانه» after «X، رسانه …» is X; «شیخ» is an honorific; a Latin label of four or
# more words is no speaker.
# 63: «مقام X» (an official of X) is compatible with any role of X («عضو ارشد X»).
# 64: a pronoun's antecedent is no quantified phrase («بیشتر اهداف …»).
# 65: a headline label of an outlet's reporter («خبرنگار الجزیره:») is no interviewer: the
# body names them; a role is not the one first told of in its own words; a span of time
# («سه ساعت قبل …») is no subject.
# 66: «باید گفت»، «می‌توان گفت» (the writer's «one must say») and «گفته میشه» are no cues.
# 67: «به گفته X به <outlet>» is X's; «چندین منبع» is an unnamed source.
# 68: «این درحالی است که» with no space is the connective «این در حالی است که».
# 69: judgments of a speaker's words («زیاده‌گویی X»، «ادعاهای واهی X») are not the name.
# 70: a role with a nationality («وزیر اسرائیلی») is compatible with that country's role.
# 71: a dateline «… (رویترز) —» ends before the subject; «حالا»، «اکنون» open a sentence;
# a span of time in digits («۲ روز پیش») and a time written as one word («امروزظهر») end a
# name; a first or second person verb is no subject; the words on the line after «X گفته:»
# end where a later sentence opens speech of its own.
# 72: a headline's label and a name label alone on the line under it (or after a gap on the
# headline's own line) are one speaker, whatever their words share.
# 73: a list's numbered point («دوم:») is no speaker; a trailing «…» and a channel's signature
# («@Farsna»، «./ خبرفوری») are no part of the words; more settings glued to their «در».
# 74: a mission («سفارت»، «نمایندگی»، «دفتر») and the country it is posted to are one name.
# 75: a noun of speech after a name («قطر ادعای ایران را …») is the verb's object, not the
# name's next word.
# 76: a cue inside «پس از اینکه» has its subject after «اینکه», and its words end at the
# comma where the sentence's own clause starts.
# 77: «که «… .»» then another cue: the quoted sentence ends at its closing mark.
# 78: a headline's label alone over its words and a name label right under them that they sum
# up are one speaker (two labels alone are a dialogue); a superlative label («بهترین سناریو:»)
# heads a list.
# 79: «X به نقل از Y:»: the source cited does not count to the label's length, so a long one
# («سه منبع نزدیک به کرملین») no longer hides the outlet's event.
# 80: a label after a headline's run of blanks is found however far along the line it starts.
# 81: «حضرت» is an honorific.
# 82: a partitive «یکی از» goes on through a demonstrative («یکی از این مقام‌ها»).
# 83: a label may give in brackets the date the words were said («X (۲۳ ژوئیه ۲۰۲۶):»).
# 84: a part of a document speaks for its author («در بخشی از این بیانیه آمده»، «در ادامه
# این نامه آمده است»); «جمعی از»، «برخی از»، «شماری از» go on to the body they are of.
ANNOTATOR_VERSION = "84"
