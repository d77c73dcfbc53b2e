"""The kind of a source from the words that describe it, when the registry does not know it.

Governments' ministries, missions and embassies are recognised here by pattern ("China's foreign
ministry", "the Chinese embassy in Geneva", "Permanent Mission of Cuba") rather than listed one by
one. The word lists are data: extend them rather than adding rules for particular sentences.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from provenance.text.source_registry import SourceEntry


def word_list(text: str) -> list[str]:
    """The words of a whitespace-separated word list kept as text for readability."""
    return text.split()


# Words that name a time, never a source: "Friday's tally" is nobody's.
MONTHS = frozenset(
    word_list("""january february march april may june july august september october november
    december""")
)
WEEKDAYS = frozenset(word_list("monday tuesday wednesday thursday friday saturday sunday"))
RELATIVE_DAYS = frozenset(word_list("yesterday today tomorrow tonight"))
TIME_WORDS = MONTHS | WEEKDAYS | RELATIVE_DAYS


# Country | demonym | capital (used as a metonym: "Beijing said"). Alternative spellings follow
# a slash.
_COUNTRY_TABLE = """
Afghanistan|Afghan|Kabul
Albania|Albanian|Tirana
Algeria|Algerian|Algiers
Angola|Angolan|Luanda
Antigua and Barbuda|Antiguan|St John's
Argentina|Argentine/Argentinian|Buenos Aires
Armenia|Armenian|Yerevan
Australia|Australian|Canberra
Austria|Austrian|Vienna
Azerbaijan|Azerbaijani|Baku
Bahrain|Bahraini|Manama
Bangladesh|Bangladeshi|Dhaka
Belarus|Belarusian|Minsk
Belgium|Belgian|Brussels
Bolivia|Bolivian|La Paz
Bosnia|Bosnian|Sarajevo
Brazil|Brazilian|Brasilia/Brasília
Bulgaria|Bulgarian|Sofia
Burkina Faso|Burkinabe|Ouagadougou
Cambodia|Cambodian|Phnom Penh
Cameroon|Cameroonian|Yaounde
Canada|Canadian|Ottawa
Chad|Chadian|N'Djamena
Chile|Chilean|Santiago
China/People's Republic of China|Chinese|Beijing
Colombia|Colombian|Bogota/Bogotá
Congo/Democratic Republic of Congo/DRC|Congolese|Kinshasa
Costa Rica|Costa Rican|San Jose
Croatia|Croatian|Zagreb
Cuba|Cuban|Havana
Cyprus|Cypriot|Nicosia
Czech Republic/Czechia|Czech|Prague
Denmark|Danish|Copenhagen
Ecuador|Ecuadorian|Quito
Egypt|Egyptian|Cairo
El Salvador|Salvadoran|San Salvador
Eritrea|Eritrean|Asmara
Estonia|Estonian|Tallinn
Ethiopia|Ethiopian|Addis Ababa
Finland|Finnish|Helsinki
France|French|Paris
Georgia|Georgian|Tbilisi
Germany|German|Berlin
Ghana|Ghanaian|Accra
Greece|Greek|Athens
Guatemala|Guatemalan|Guatemala City
Haiti|Haitian|Port-au-Prince
Honduras|Honduran|Tegucigalpa
Hungary|Hungarian|Budapest
Iceland|Icelandic|Reykjavik
India|Indian|New Delhi/Delhi
Indonesia|Indonesian|Jakarta
Iran|Iranian|Tehran
Iraq|Iraqi|Baghdad
Ireland|Irish|Dublin
Israel|Israeli|Jerusalem
Italy|Italian|Rome
Ivory Coast/Cote d'Ivoire|Ivorian|Abidjan
Jamaica|Jamaican|Kingston
Japan|Japanese|Tokyo
Jordan|Jordanian|Amman
Kazakhstan|Kazakh|Astana
Kenya|Kenyan|Nairobi
Kosovo|Kosovar|Pristina
Kuwait|Kuwaiti|Kuwait City
Kyrgyzstan|Kyrgyz|Bishkek
Laos|Lao/Laotian|Vientiane
Latvia|Latvian|Riga
Lebanon|Lebanese|Beirut
Libya|Libyan|Tripoli
Lithuania|Lithuanian|Vilnius
Malawi|Malawian|Lilongwe
Malaysia|Malaysian|Kuala Lumpur
Mali|Malian|Bamako
Mexico|Mexican|Mexico City
Moldova|Moldovan|Chisinau
Mongolia|Mongolian|Ulaanbaatar
Morocco|Moroccan|Rabat
Mozambique|Mozambican|Maputo
Myanmar/Burma|Burmese|Naypyitaw
Nepal|Nepali/Nepalese|Kathmandu
Netherlands|Dutch|The Hague/Amsterdam
New Zealand|New Zealand|Wellington
Nicaragua|Nicaraguan|Managua
Niger|Nigerien|Niamey
Nigeria|Nigerian|Abuja
North Korea/Democratic People's Republic of Korea/DPRK|North Korean|Pyongyang
Norway|Norwegian|Oslo
Oman|Omani|Muscat
Pakistan|Pakistani|Islamabad
Palestine/Palestinian Authority|Palestinian|Ramallah
Panama|Panamanian|Panama City
Paraguay|Paraguayan|Asuncion
Peru|Peruvian|Lima
Philippines|Philippine/Filipino|Manila
Poland|Polish|Warsaw
Portugal|Portuguese|Lisbon
Qatar|Qatari|Doha
Romania|Romanian|Bucharest
Russia/Russian Federation|Russian|Moscow
Rwanda|Rwandan|Kigali
Saudi Arabia|Saudi|Riyadh
Senegal|Senegalese|Dakar
Serbia|Serbian|Belgrade
Singapore|Singaporean|Singapore
Slovakia|Slovak|Bratislava
Slovenia|Slovenian|Ljubljana
Somalia|Somali|Mogadishu
South Africa|South African|Pretoria
South Korea/Republic of Korea/Korea|South Korean|Seoul
South Sudan|South Sudanese|Juba
Spain|Spanish|Madrid
Sri Lanka|Sri Lankan|Colombo
Sudan|Sudanese|Khartoum
Sweden|Swedish|Stockholm
Switzerland|Swiss|Bern
Syria|Syrian|Damascus
Taiwan|Taiwanese|Taipei
Tajikistan|Tajik|Dushanbe
Tanzania|Tanzanian|Dodoma
Thailand|Thai|Bangkok
Tunisia|Tunisian|Tunis
Turkey/Türkiye|Turkish|Ankara
Turkmenistan|Turkmen|Ashgabat
Uganda|Ugandan|Kampala
Ukraine|Ukrainian|Kyiv/Kiev
United Arab Emirates/UAE|Emirati|Abu Dhabi
United Kingdom/UK/U.K./Britain/Great Britain|British|London
United States/US/U.S./USA/America|American/U.S./US|Washington
Uruguay|Uruguayan|Montevideo
Uzbekistan|Uzbek|Tashkent
Venezuela|Venezuelan|Caracas
Vietnam/Viet Nam|Vietnamese|Hanoi
Yemen|Yemeni|Sanaa
Zambia|Zambian|Lusaka
Zimbabwe|Zimbabwean|Harare
Hong Kong|Hong Kong|Hong Kong
Xinjiang|Xinjiang|Urumqi
Tibet|Tibetan|Lhasa
European|European|Brussels
"""


def _country_words() -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    countries: set[str] = set()
    capitals: set[str] = set()
    demonyms: set[str] = set()
    for line in _COUNTRY_TABLE.strip().splitlines():
        names, demonym, capital = line.split("|")
        countries.update(names.split("/"))
        capitals.update(capital.split("/"))
        demonyms.update(demonym.split("/"))
    return frozenset(countries), frozenset(capitals), frozenset(demonyms)


COUNTRY_NAMES, CAPITALS, DEMONYMS = _country_words()
PLACE_NAMES = COUNTRY_NAMES | CAPITALS
_PLACE_KEYS = frozenset(p.casefold().replace(".", "") for p in PLACE_NAMES | DEMONYMS)


def _alternation(words: frozenset[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


_PLACE_ALT = _alternation(PLACE_NAMES)
_NATION_ALT = _alternation(PLACE_NAMES | DEMONYMS)
_PLACE_ONLY = re.compile(
    rf"^(?:the\s+)?(?:{_PLACE_ALT})(?:['’]s)?(?:\s+and\s+(?:the\s+)?(?:{_PLACE_ALT}))*$"
)
_NAMES_A_PLACE = re.compile(rf"(?<![\w-])(?:{_PLACE_ALT})(?![\w-])")
# Spinners and scrapers lowercase names ("america"); long names are safe to match in any case.
_NAMES_A_PLACE_ANY_CASE = re.compile(
    rf"(?<![\w-])(?:{_alternation(frozenset(p for p in PLACE_NAMES if len(p) > 5))})(?![\w-])",
    re.IGNORECASE,
)


def is_place_name(text: str) -> bool:
    """Whether ``text`` (any case) is only a country, demonym or capital: "China", "Beijing"."""
    return text.casefold().replace(".", "").strip() in _PLACE_KEYS


def _words(*groups: str) -> str:
    """A word-boundary alternation of the space-separated phrases given (``_`` joins words)."""
    phrases = [p.replace("_", r"\s+") for group in groups for p in group.split()]
    return r"(?<![\w-])(?:" + "|".join(sorted(phrases, key=len, reverse=True)) + r")(?![\w-])"


# Who was not named, whatever their job: "spoke on condition of anonymity", "unnamed".
_ANONYMITY = re.compile(
    r"anonymity|anonymous|unnamed|unidentified|not_to_be_(?:named|identified)|"
    r"not_authori[sz]ed_to|declined_to_be_(?:named|identified)|familiar_with|briefed_on|"
    r"with_knowledge_of|close_to_the".replace("_", r"\s+"),
    re.IGNORECASE,
)

DOCUMENT_HEADS = frozenset(
    word_list("""letter letters report reports document documents memo memos memorandum memorandums
    statement statements cable cables note notes filing filings study survey assessment
    data figures records minutes transcript indictment lawsuit complaint email emails draft
    communique communiqué decree notice bulletin dossier audit review files leak leaks
    paper papers paperwork doc docs analysis resolution ruling judgment verdict charge sheet
    forecast projections estimate estimates census poll polls footage images photos video
    order constitution law treaty charter website site recording recordings audio tape tapes
    transcripts message messages post posts tweet tweets release releases launch knowledge
    calculation calculations tally tallies finding findings result results announcement
    announcements surveys studies videos investigation investigations assessments analyses
    count counts""")
)

# Documents that are counts: "the ministry's figures" are the ministry's own account.
COUNTED_HEADS = frozenset(
    word_list("""figures data calculation calculations tally tallies estimate estimates count
    counts statistics numbers projections""")
)

# Heads that name people who were not named: "two officials", "three Western diplomats".
# Only the plural "monitors": a capitalised "Monitor" ends many a watchdog's or paper's name.
ANONYMOUS_HEADS = frozenset(
    word_list("""official officials diplomat diplomats source sources observer observers
    monitors insider insiders person people officer officers critic critics aide aides staffer
    staffers employee employees executive executives someone them hacker hackers soldier
    soldiers""")
)
# Ordinary people who speak for themselves, unnamed or not.
LAY_HEADS = frozenset(
    word_list("""resident residents witness witnesses villager villagers survivor survivors family
    families relative relatives voter voters farmer farmers worker workers parent parents
    patient patients doctor doctors nurse nurses student students passenger passengers
    shopper shoppers fisherman fishermen trader traders mother father neighbour neighbor
    neighbours neighbors customer customers lawyer lawyers attorney attorneys engineer
    engineers firefighter firefighters rider riders driver drivers owner owners tenant tenants
    teacher teachers miner miners protester protesters protestor protestors demonstrator
    demonstrators refugee refugees migrant migrants victim victims fan fans investor investors
    shareholder shareholders consumer consumers user users buyer buyers seller sellers local
    locals citizen citizens member members shopkeeper shopkeepers vendor vendors
    rescuer rescuers medic medics pilot pilots elder elders man woman men women""")
)
# Other nouns that can head a source's name: "the ministry", "state media", "the spokesman".
SOURCE_NOUNS = frozenset(
    word_list("""ministry embassy mission government authority authorities police army military
    court     council committee commission office agency group groups activist activists campaigner
    critic media outlet newspaper broadcaster spokesman spokeswoman spokesperson minister
    president ambassador envoy governor mayor sheriff lawmaker senator judge prosecutor researcher
    expert analyst professor scholar academic economist scientist journalist reporter
    correspondent editor organisation organization union association foundation charity
    company firm bank regulator department administration cabinet parliament chief head
    director leader secretary chairman chairwoman commissioner rapporteur coalition alliance
    network institute university diplomat diplomats others statement state party operator
    manufacturer insurer side media team spokespeople commander manager coordinator
    site website service board bureau centre center body chamber trust federation station
    channel radio television tv directorate secretariat inspectorate panel registry tribunal
    treasury presidency coastguard system prosecution workplace""")
)
QUANTIFIERS = frozenset(
    word_list("""one two three four five six seven eight nine ten dozens several some many most few
    all both each none any number majority half""")
)
SOURCE_HEADS = ANONYMOUS_HEADS | DOCUMENT_HEADS | LAY_HEADS | SOURCE_NOUNS
PREPOSITIONS = frozenset(
    word_list("of for at in to from with on by who whom which that whose under over about")
)

# Offices whose holders speak for a state; they decide the kind even with another body named.
_GOVERNMENT_ROLE = re.compile(
    _words(
        "president vice_president prime_minister premier minister ministers chancellor sheriff "
        "ambassador ambassadors envoy consul governor mayor senator senators lawmaker "
        "lawmakers legislator legislators congressman congresswoman MP MPs parliamentarian "
        "judge judges justice prosecutor prosecutors attorney_general secretary_of_state "
        "foreign_secretary home_secretary health_secretary interior_secretary "
        "defence_secretary defense_secretary education_secretary cabinet_secretary "
        "treasury_secretary transport_secretary environment_secretary crown_prince "
        "emir sultan sheikh "
        "commander general colonel admiral chief_of_staff police_chief deputy_minister "
        "vice_minister state_councillor "
        # Abbreviated titles before a name: "Gov. Ana Lima", "Sen. Tom Reed", "Lt. Gen. Ali".
        "gov govs sen sens rep reps lt gen col adm amb"
    ),
    re.IGNORECASE,
)


def _holds_government_role(text: str) -> bool:
    """A state office in ``text``, unless it only owns the person's own role: "the club
    president's lawyer" is a lawyer."""
    for found in _GOVERNMENT_ROLE.finditer(text):
        owned = _OWNED_ROLE.match(text, found.end())
        if owned is None or singular(owned.group(1).casefold()) not in LAY_HEADS:
            return True
    return False


_OWNED_ROLE = re.compile(r"['’]s?\s+(?:[\w-]+\s+)?([\w-]+)")
_NEWS_SITE = re.compile(r"news\s+(?:website|site|portal)", re.IGNORECASE)
# A commissioner of a state or county; the UN's High Commissioner is the UN's.
_COMMISSIONER = re.compile(r"(?<!High\s)(?<![\w-])commissioners?(?![\w-])", re.IGNORECASE)
# People who lead a community without holding a state office: "village leaders".
_COMMUNITY_LEADER = re.compile(
    r"(?<![\w-])(?:village|community|tribal|clan|traditional|local|church|religious)\s+"
    r"(?:leaders?|heads?|elders?|chiefs?)(?![\w-])",
    re.IGNORECASE,
)
_CLINICIAN = re.compile(
    r"(?-i:Dr)\.?\s|"
    + _words(
        "doctor doctors physician physicians surgeon surgeons nurse nurses paediatrician "
        "pediatrician GP medic medics midwife paramedic paramedics psychiatrist "
        "cardiologist oncologist anaesthetist emergency_physician"
    ),
    re.IGNORECASE,
)
_RUNS_A_PLACE = re.compile(
    r"(?<![\w-])who\s+(?:runs|heads|manages|directs|works\s+at|leads)\s+(?:[\w'’-]+\s+){0,4}?"
    r"(?:hospital|clinic|surgery|practice)s?(?![\w-])",
    re.IGNORECASE,
)
_UN_TITLE = re.compile(
    r"(?<![\w-])(?:U\.?N\.?|United\s+Nations)(?![\w-])"
    r"|High\s+Commissioner|[Rr]apporteur|Secretary-General|OHCHR",
)
# A state's diplomats and missions, also when the UN is named: "China's ambassador to the UN",
# "Germany's UN ambassador", "the Permanent Mission of Cuba".
_STATE_DIPLOMACY = re.compile(
    rf"(?:(?<![\w-])(?:{_NATION_ALT})(?:['’]s)?\s+(?:\S+\s+){{0,3}}"
    r"(?:ambassador|envoy|mission|delegation|delegate|representative|embassy|consulate|"
    r"diplomatic)(?![\w-])|Permanent\s+Mission|"
    r"(?:ambassador|envoy|mission|embassy|representative)s?\s+"
    rf"(?:of|from)\s+(?:the\s+)?(?:{_PLACE_ALT}))",
    re.IGNORECASE,
)

# Organisation words, tried in order of position in the phrase: the first affiliation named
# decides ("a researcher at a university funded by the ministry" is academic).
_ORGANISATION_WORDS: tuple[tuple[str, str], ...] = (
    (
        "state_media",
        _words(
            "state_media state-run_media state_television state_TV state_broadcaster "
            "state-run state-owned_media state_news_agency official_news_agency "
            "state_newspaper party_newspaper mouthpiece"
        ),
    ),
    (
        "government",
        _words(
            "ministry ministries embassy embassies consulate mission missions government "
            "governments authorities authority administration cabinet parliament congress "
            "senate police army military navy coastguard coast_guard armed_forces "
            "defence_forces defense_forces court courts tribunal department prosecutors "
            "prosecutor's_office council municipality province provincial county "
            "state_department foreign_office interior_ministry regime junta presidency "
            "palace kremlin white_house central_bank regulator electoral_commission "
            "election_commission fire_service fire_department agency bureau commission "
            "customs border_guard board elections election_office electoral treasury "
            "health_department health_service health_services civil_protection "
            "security_service security_services intelligence_service intelligence_services "
            "secret_service emergency_services "
            "public_health coroner prosecution central_financial_institution "
            "reserve_bank reserve_financial_institution"
        ),
    ),
    # A hospital or clinic is taken as public ("care" is told apart below: a clinician there
    # speaks as an individual). A hospital "system" or "group" is the operator of several, a
    # business with no kind of its own, like a company.
    (
        "care",
        r"(?<![\w-])(?:hospitals?|clinics?)(?!\s+(?:system|group|chain|operator|network))(?![\w-])",
    ),
    # "a unit of London-listed Halden": a company's; "the Special Investigating Unit": a state's.
    ("unknown", r"(?<![\w-])(?-i:unit)(?![\w-])"),
    (
        "government",
        r"(?-i:(?:Investigat\w*|Intelligence|Crimes?|Fraud|Police|Anti-[\w-]+)\s+Unit)",
    ),
    # "the Bank of Korea", "the Reserve Bank of India": a state's central bank ("Bank of America"
    # is a lender).
    (
        "government",
        r"(?<![\w-])(?:Bank|Financial\s+institution)\s+of\s+(?:the\s+)?(?!America)"
        rf"(?:{_PLACE_ALT})",
    ),
    ("un_body", r"(?<![\w-])(?:U\.?N\.?|United\s+Nations)(?![\w-])"),
    (
        "academic",
        _words(
            "university universities college institute institution academy think_tank "
            "school_of laboratory lab research_centre research_center observatory"
        ),
    ),
    (
        "ngo",
        _words(
            "foundation ngo ngos non-governmental charity charities rights_group "
            "rights_groups rights_organisation rights_organization advocacy_group "
            "campaign_group campaign_groups pressure_group watchdog union unions "
            "civil_society aid_group aid_groups aid_agencies relief_group coalition "
            "association movement network alliance federation society chamber crescent "
            "cooperative co-operative "
            "industry_body trade_body lobby trust"
        ),
    ),
    # A lowercase "group" is a campaign's; a capitalised one often a company's ("Adani Group").
    # A capitalised "Watch" ends a monitor's name ("Harbour Watch"); a lowercase one is a verb.
    ("ngo", r"(?<![\w-])(?:(?-i:groups?)|(?-i:Watch))(?![\w-])"),
    (
        "news_media",
        _words(
            "newspaper newspapers broadcaster channel television radio magazine daily "
            "tabloid outlet outlets news_site website news_agency wire_service TV "
            "media_group"
        ),
    ),
    (
        "news_media",
        r"(?<![\w-])(?-i:News|Times|Post|Journal|Herald|Tribune|Gazette|Courier|Chronicle|"
        r"Observer|Telegraph|Express|Monitor|Ledger|Dispatch|Examiner|Inquirer|Sentinel)(?![\w-])",
    ),
    # Businesses: no kind of their own, but they keep a word like "agency" or "group" in
    # "a travel agency" or "an investment group" from naming a public body or a charity.
    (
        "unknown",
        _words(
            "company companies firm firms corporation conglomerate startup start-up "
            "media_agency advertising_agency travel_agency investment_group business_group "
            "credit_reporting_agency credit_agency credit_bureau ratings_agency rating_agency "
            "recruitment_agency employment_agency talent_agency marketing_agency "
            "industrial_group banking_group mining_group retailer lender insurer carrier "
            "airline manufacturer maker producer operator Inc Ltd plc LLC health_system "
            "hospital_system hospital_group hospital_chain gang gangs cartel syndicate "
            "subsidiary"
        ),
    ),
)
# "the national weather service", "the county elections board": a public body by its level.
_PUBLIC_BODY = (
    r"(?<![\w-])(?:national|nationwide|federal|state|county|city|municipal|provincial|regional|district|"
    r"public)\s+(?:(?!news|media|press|television|radio|broadcast)[\w'’-]+\s+){0,3}"
    r"(?:service|board|centre|center|bureau|office|agency|authority|department|council|"
    r"commission|directorate|inspectorate|administration|committee|officer|hospital|workplace)"
    r"s?(?![\w-])"
)
_ORGANISATION_PATTERNS = tuple(
    (kind, re.compile(p, re.IGNORECASE))
    for kind, p in (("government", _PUBLIC_BODY), *_ORGANISATION_WORDS)
)


def names_an_organisation(word: str) -> bool:
    """Whether a single word names a kind of body: "coastguard", "ministry", "charity"."""
    return any(pattern.fullmatch(word) for _, pattern in _ORGANISATION_PATTERNS[1:])


# "an officer said" hides who spoke; "the county health officer" is a post.
_UNNAMED_ARTICLE = re.compile(
    r"^(?:an?|one|two|three|four|five|several|some|many)\s", re.IGNORECASE
)

# Jobs that tell the kind when no organisation is named. "tutorial" and "educational" are what
# synonym spinners make of "academic".
_ROLE_WORDS: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "academic",
        re.compile(
            _words(
                "professor professors researcher researchers scholar scholars academic "
                "academics analyst analysts economist economists scientist scientists "
                "expert experts historian historians lecturer demographer epidemiologist "
                "sinologist political_scientist fellow tutorial educational seismologist "
                "seismologists geologist geologists meteorologist meteorologists virologist "
                "virologists epidemiologists"
            ),
            re.IGNORECASE,
        ),
    ),
    (
        "ngo",
        re.compile(
            _words(
                "activist activists campaigner campaigners advocate advocates "
                "rights_defender rights_defenders dissident dissidents organiser organisers "
                "organizer organizers volunteer volunteers aid_worker aid_workers"
            ),
            re.IGNORECASE,
        ),
    ),
    (
        "news_media",
        re.compile(
            _words(
                "journalist journalists reporter reporters correspondent correspondents "
                "editor editors columnist anchor presenter media"
            ),
            re.IGNORECASE,
        ),
    ),
    (
        "government",
        re.compile(
            _words(
                "diplomat policeman policewoman soldier soldiers troops investigator "
                "investigators detective detectives"
            ),
            re.IGNORECASE,
        ),
    ),
)

_TOKEN = re.compile(r"[\w'’.-]+")


def singular(word: str) -> str:
    """A plural noun's singular, roughly: "ministries" -> "ministry", "groups" -> "group"."""
    if word in SOURCE_HEADS:
        return word
    if word.endswith("ies"):
        return word[:-3] + "y"
    return word[:-1] if word.endswith("s") else word


def head_word(phrase: str) -> str:
    """The head noun of a noun phrase, casefolded: the last word before a preposition.

    A leading quantifier defers to its complement: the head of "two of the Geneva diplomats"
    is "diplomats".
    """
    words = [w.strip(".'’") for w in _TOKEN.findall(phrase)]
    chunks: list[list[str]] = [[]]
    for written in words:
        word = written.casefold()
        # "WHO" in capitals is the health agency, not a relative pronoun.
        if word in PREPOSITIONS and not written.isupper():
            chunks.append([])
        else:
            chunks[-1].append(word)
    for index, chunk in enumerate(chunks):
        if not chunk:
            continue
        # Words after a source noun modify it: "two diplomats briefed", "people familiar".
        nouns = [w for w in chunk if singular(re.sub(r"['’]s$", "", w)) in SOURCE_HEADS]
        head = re.sub(r"['’]s$", "", nouns[-1] if nouns else chunk[-1])
        if head in QUANTIFIERS and index + 1 < len(chunks):
            continue
        return head
    return ""


# Members of an elected assembly: unnamed, they are as anonymous as "officials" (one assembly
# has hundreds); "Senator Maria Vance" is named and speaks for the state.
ASSEMBLY_MEMBERS = frozenset(
    word_list("""lawmaker lawmakers legislator legislators mp mps parliamentarian
    parliamentarians senator senators congressman congresswoman congressmen congresswomen""")
)
# Lay people who speak for a body rather than for themselves: its members and its lawyers.
_SPEAK_FOR_A_BODY = frozenset(word_list("member members lawyer lawyers attorney attorneys"))


def _lay_people_somewhere(text: str, head: str) -> bool:
    """Ordinary people described by where they are or belong: "patients at the hospital's
    emergency unit", "residents of the municipality". The place does not make them speak for
    it, as "officials at the ministry" would."""
    if head not in LAY_HEADS or head in _SPEAK_FOR_A_BODY:
        return False
    if re.search(rf"(?<![\w-]){re.escape(head)}\s+{_WHERE}\s", text, re.IGNORECASE):
        return True
    # "a college student", "hospital patients": a body named before the noun says where the
    # people are, not whom they speak for.
    before = re.search(rf"(?<![\w'’-])([A-Za-z][\w-]*)\s+{re.escape(head)}(?![\w'’-])", text)
    return before is not None and names_an_organisation(before.group(1).casefold())


_WHERE = r"(?:at|in|of|from|near|on|inside|outside|around)"


# Titles held only in companies.
_CORPORATE_ROLE = re.compile(
    _words(
        "ceo ceos cfo coo cto chief_executive chief_executives chief_operating_officer "
        "chief_financial_officer chief_technology_officer managing_director"
    ),
    re.IGNORECASE,
)


# Reports no one is named for: "reports", "news reports", "unconfirmed local media reports".
_UNNAMED_REPORTS = re.compile(
    r"(?:(?:some|several|many|other|earlier|previous|recent|initial|unconfirmed|local|news|"
    r"media|press)\s+)*reports",
    re.IGNORECASE,
)


def _role_kind(text: str) -> str:
    """The kind that a job named in ``text`` tells ("activists", "aid workers"), or ""."""
    return next((kind for kind, pattern in _ROLE_WORDS if pattern.search(text)), "")


def _written_lowercase(word: str, text: str) -> bool:
    """Whether ``word`` is written in lower case in ``text`` (an opening capital counts)."""
    found = re.search(rf"(?<![\w-]){re.escape(word)}", text, re.IGNORECASE)
    return found is None or found.start() == 0 or found.group()[0].islower()


def names_a_place(text: str) -> bool:
    """Whether a country or capital is named anywhere in ``text``."""
    return bool(_NAMES_A_PLACE.search(text) or _NAMES_A_PLACE_ANY_CASE.search(text))


# Workers of the bodies that answer a disaster, unnamed: they speak as "officials" do.
_RELIEF_WORKERS = re.compile(
    r"(?<![\w-])(?:aid|relief|rescue|humanitarian)\s+workers?(?![\w-])", re.IGNORECASE
)


def kind_from_description(
    text: str,
    *,
    has_person_name: bool,
    find_known: Callable[[str], list[tuple[int, SourceEntry]]] | None = None,
) -> str:
    """The kind of a source from the phrase that names or describes it.

    ``text`` is the mention with its title and apposition ("Ana Ruiz, Chile's deputy foreign
    minister"); ``find_known`` finds registry sources inside it, so an affiliation such as
    "Human Rights Watch" decides the kind of its researcher.
    """
    if _ANONYMITY.search(text) and not has_person_name:
        return "anonymous"
    head = head_word(text)
    if _UNNAMED_REPORTS.fullmatch(text.strip()):
        # "reports said", "local media reports": unnamed reports are the press speaking.
        return "news_media"
    # A capitalised head is part of a name: "the U.S. Geological Survey" is no survey.
    if head in DOCUMENT_HEADS and _written_lowercase(head, text) and not _NEWS_SITE.search(text):
        return "document"
    if _STATE_DIPLOMACY.search(text):
        return "government"
    is_post = head == "officer" and not _UNNAMED_ARTICLE.match(text.strip())
    unnamed = head in ANONYMOUS_HEADS or head in ASSEMBLY_MEMBERS
    if unnamed and not has_person_name and not is_post:
        return "anonymous"
    if _RELIEF_WORKERS.search(text) and not has_person_name:
        # "aid workers said": unnamed people of bodies that are not named, as "officials" are
        return "anonymous"
    if _COMMUNITY_LEADER.search(text):
        return "individual"
    if _holds_government_role(text):
        return "government"
    if _UN_TITLE.search(text):
        return "un_body"
    if _COMMISSIONER.search(text):
        return "government"
    if has_person_name and _CLINICIAN.search(text) and _RUNS_A_PLACE.search(text):
        # "Dr Ose, who runs the district hospital": a doctor who says where they work, with no
        # public post, speaks as a doctor.
        return "individual"
    hits: list[tuple[int, str]] = []
    if find_known is not None:
        hits.extend((offset, entry.kind) for offset, entry in find_known(text))
    for kind, pattern in _ORGANISATION_PATTERNS:
        found = pattern.search(text)
        if found:
            hits.append((found.start(), kind))
    if hits and _lay_people_somewhere(text, head):
        # "Patients at the county hospital": the body says where they are, not whom they speak
        # for; a job may still say it ("aid workers at the state clinic").
        return _role_kind(text) or "individual"
    if hits and min(hits)[1] == "care":
        # "Dr Ann Lee, a paediatrician at the city hospital" speaks as a doctor.
        return "individual" if _CLINICIAN.search(text) else "government"
    if hits and min(hits)[1] != "unknown":
        return min(hits)[1]
    if has_person_name and head == "official" and not hits:
        # "transport official Mira Sand": an official the article names holds a public post.
        return "government"
    if _CORPORATE_ROLE.search(text):
        # "CEO Dana Wells": whoever speaks for a company by their role takes its kind.
        return "unknown"
    # A company says nothing of its people's kind; their job may ("an analyst at Citi").
    for kind, pattern in _ROLE_WORDS:
        found = pattern.search(text)
        if found and (not hits or has_person_name or head in found.group().casefold().split()):
            return kind
    if hits:
        return "individual" if has_person_name else "unknown"
    if head in LAY_HEADS or has_person_name:
        return "individual"
    if _PLACE_ONLY.match(text.strip()) or names_a_place(text):
        return "government"
    if _UNNAMED_ARTICLE.match(text.strip()) and not has_person_name and head not in SOURCE_HEADS:
        return "anonymous"  # "a former referee": a person the article does not name
    return "unknown"
