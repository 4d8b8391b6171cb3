/**
 * Invented story templates for the demo news, by era. Slots: {P} person, {PT} "Dr. Orlovsky"/"Mr. Orlovsky",
 * {PH} headline form of the person, {Q}/{QT} a second person, {O}/{OS}/{OA} organisation name/short/initials,
 * {C} city, {CTRY}/{CS} its country (body/headline), {FC}/{FCS} another country, {HOME} Palestine or Israel,
 * {REG} region, {HE}/{HIS} pronouns of {P}, {N} thousands, {N3} hundreds, {K} 3-18, {AMT} dollars, {AGE}, {YRS},
 * {PCT}, {AG} agency code. Data only, so longer than the usual 300 lines: the variety is the point.
 */

/** One kind of story: headline and sentence templates, the years it may appear, optional fixed places. */
export interface StoryTemplate {
  from: number;
  to: number;
  /** Cities (as in CITIES) the story may be filed from; any city when absent. */
  cities?: string[];
  /** What the story is about, as a phrase for another article's cross-reference ("the court case in {C}"). */
  topic: string;
  heads: string[];
  /** Index into `leads` for each headline (0 when absent), so the lead tells the headline's story. */
  leadOf?: number[];
  leads: string[];
  more: string[];
  /** Whether the story is about a meeting, so that sentences about sessions and delegates fit. */
  meeting?: boolean;
}

const HOLY = ['Jerusalem', 'Tel Aviv', 'Haifa'];
const UN = ['New York', 'Geneva'];

export const STORIES: StoryTemplate[] = [
  {
    from: 1928,
    to: 1994,
    topic: 'the arrival of refugees in {C}',
    heads: [
      '{N} Refugees Reach {C} Aboard Ship',
      'Refugee Ship Docks at {C} With {N} Aboard',
      '{CS} Eases Entry Rules for Refugees',
      '{OS} to Resettle {N3} Refugee Families in {CS}',
      'Refugee Ship Arrives',
    ],
    leadOf: [0, 0, 1, 1, 0],
    leads: [
      'A ship carrying {N} refugees arrived here today after a voyage of {K} days, officials of the {O} said.',
      'The {O} announced today that {N3} refugee families will be resettled in {CTRY} before the end of the year.',
    ],
    more: [
      'Most of the passengers are families who had waited for entry permits for more than a year.',
      'Representatives of the {O} met the new arrivals at the pier and arranged temporary housing.',
      '{P}, who directs the reception program, said that the newcomers would be settled in {K} towns.',
      'Employment has already been found for about {PCT} percent of the heads of families.',
      'The cost of the operation is estimated at {AMT}, most of it raised by voluntary contributions.',
    ],
  },
  {
    from: 1945,
    to: 1955,
    topic: "the admission of DP's",
    heads: [
      "{OS} Urges U.S. to Admit {N} DP's",
      "DP's in Camps Ask Congress to Act on Bill",
      "{OS} Reports {N} DP's Resettled in {CS}",
      "UN Refugee Body to Study Plight of DP's",
    ],
    leadOf: [0, 0, 1, 0],
    leads: [
      'The {O} today asked the United States Government to speed the admission of {N} displaced persons still living in camps in Germany and Austria.',
      "A report issued here today by the {O} shows that {N} DP's were resettled in {CTRY} during the past twelve months.",
    ],
    more: [
      "Many of the DP's have been in the camps since the end of the war, {PT} said.",
      'The report urged that the present quota be raised and that the rules for sponsors be made simpler.',
      'A delegation will call on members of the Senate committee next week to present the figures.',
      'Camp officials said that the number of persons awaiting visas had fallen by {PCT} percent.',
    ],
  },
  {
    from: 1928,
    to: 1994,
    cities: HOLY,
    topic: 'new settlements in {REG}',
    heads: [
      '{K} Families Found New Settlement in {REG}',
      'Settlers Open Farm Colony in {REG}',
      '{HOME} to Build {K} New Villages in {REG}',
    ],
    leadOf: [0, 0, 1],
    leads: [
      '{K} families today founded a new agricultural settlement in {REG}, according to a report received here.',
      'Plans for {K} new villages in {REG} were approved today by the settlement department of the {O}.',
    ],
    more: [
      'The settlers, most of them young people trained on farms abroad, will raise vegetables and poultry.',
      'Water for the new fields is to be brought by a pipeline now under construction.',
      'The land was acquired with funds contributed by supporters in {K} countries.',
      '{P} told the settlers at the opening ceremony that their work would be followed with pride.',
    ],
  },
  {
    from: 1928,
    to: 1994,
    topic: 'the elections of the {O}',
    heads: [
      '{PH} Elected President of {OS}',
      '{OS} Names {PH} to Head Relief Drive',
      '{OS} Convention Elects {PH}',
    ],
    leadOf: [0, 1, 0],
    meeting: true,
    leads: [
      '{P} was elected president of the {O} at the closing session of its annual convention here today.',
      'The board of the {O} today named {P} chairman of its national relief campaign.',
    ],
    more: [
      '{PT} succeeds {Q}, who had held the office for {YRS} years and declined to run again.',
      'In {HIS} acceptance speech {PT} called for a wider program of education among the young.',
      'Other officers elected include {Q}, treasurer, and a board of {K} members.',
      'The convention adopted resolutions on immigration, education and relief work abroad.',
    ],
  },
  {
    from: 1928,
    to: 1994,
    topic: 'the relief campaign of the {O}',
    heads: [
      '{OS} Opens {AMT} Campaign for Relief',
      '{OS} Drive Nets {AMT} in {C}',
      'Relief Appeal in {C} Passes Its Goal',
    ],
    leadOf: [1, 0, 0],
    leads: [
      'The {O} announced today that its annual campaign in this city had raised {AMT}, the largest sum in its history.',
      'A campaign to raise {AMT} for relief work overseas was opened here tonight by the {O}.',
    ],
    more: [
      'More than {N} contributors took part in the drive, among them many first-time givers.',
      'The money will go to schools, clinics and loan societies in {K} countries.',
      '{P}, the campaign chairman, said the goal had been set higher than last year because of rising needs.',
    ],
  },
  {
    from: 1946,
    to: 1994,
    cities: UN,
    topic: 'the United Nations debate on minority rights',
    heads: [
      'UN Commission to Hear {OS} Plea',
      'UN Body Asks Report on Minority Schools in {FCS}',
      'UN Group Debates Rights of Minorities',
      'UN Hears {OA}',
    ],
    leadOf: [0, 1, 1, 0],
    meeting: true,
    leads: [
      'A United Nations commission agreed today to hear a delegation from the {O} at its next session.',
      'The United Nations body on minority rights today asked the government of {FC} for a report on its schools.',
    ],
    more: [
      'The delegation will be headed by {P}, who has studied the question for many years.',
      'Several members of the commission spoke in favor of an inquiry on the spot.',
      'The representative of {FC} said his government had nothing to hide and would answer in full.',
    ],
  },
  {
    from: 1928,
    to: 1939,
    cities: ['Geneva'],
    topic: 'the minority petition before the League of Nations',
    heads: ['League Council Takes Up Minority Petition', 'League Asked to Protect Schools in {FCS}'],
    meeting: true,
    leads: [
      'The Council of the League of Nations today received a petition from the {O} concerning the rights of minorities in {FC}.',
    ],
    more: [
      'The petition asks that Jewish schools be allowed to teach in their own language.',
      'A committee of three members will examine the petition and report to the next session.',
      'The government of {FC} has been invited to submit its observations within {K} days.',
    ],
  },
  {
    from: 1965,
    to: 1991,
    cities: ['Moscow', 'Vienna', 'New York', 'London'],
    topic: 'the Soviet Jews who wish to emigrate',
    heads: [
      'USSR Refuses Exit Visas to {K} Families',
      'Soviet Jews Appeal for Right to Emigrate',
      '{K} Soviet Jewish Families Arrive in Vienna',
    ],
    leadOf: [0, 0, 1],
    leads: [
      'Soviet authorities have refused exit visas to {K} families who applied to emigrate, the {O} reported today.',
      '{K} Jewish families from the Soviet Union arrived in Vienna today on their way to new homes.',
    ],
    more: [
      'Some of the applicants have waited more than {K} years for an answer, the report said.',
      'Several of the men lost their jobs after they applied for permission to leave.',
      '{P} said that the appeals would be brought before the conference on security and cooperation.',
    ],
  },
  {
    from: 1928,
    to: 1994,
    topic: 'the new school and library in {C}',
    heads: [
      'New Hebrew School Opens in {C}',
      '{OS} Dedicates Library in {C}',
      '{N3} Pupils Enroll at New Day School',
    ],
    leadOf: [0, 1, 0],
    leads: [
      'A new Hebrew day school with {N3} pupils was dedicated here today in the presence of community leaders.',
      'The {O} dedicated a library of {N} volumes here today, the gift of its members in {K} countries.',
    ],
    more: [
      'The building was designed to hold twice the present number of pupils.',
      'Courses in history, literature and the Hebrew language will be offered in the evenings for adults.',
      '{P} said that the school had been planned for {YRS} years and was finally made possible by a bequest.',
    ],
  },
  {
    from: 1928,
    to: 1994,
    topic: 'the death of {P}',
    heads: [
      '{PH} Dies at {AGE}; Led {OS} for {YRS} Years',
      '{PH}, Communal Leader, Dies at {AGE}',
      '{PH} Dies',
    ],
    leadOf: [0, 1, 1],
    leads: [
      '{P}, who led the {O} for {YRS} years, died here last night at the age of {AGE}.',
      '{P}, a founder of the {O}, died here today after a long illness. {HE} was {AGE} years old.',
    ],
    more: [
      'Born in a small town near {C}, {PT} came to public life as a young teacher.',
      '{HE} was the author of several books on the history of the communities of {CTRY}.',
      'Funeral services will be held tomorrow. {HE} is survived by {K} grandchildren.',
    ],
  },
  {
    from: 1928,
    to: 1994,
    topic: 'the court case in {C}',
    heads: [
      'Court Upholds Right of Shops to Close on Saturday',
      '{C} Court Fines Publisher for Libel of Community',
      'Court Rules on Kosher Food Law in {CS}',
    ],
    leadOf: [0, 1, 2],
    leads: [
      'A district court here ruled today that shopkeepers may not be fined for closing on Saturday.',
      'The publisher of a weekly paper was fined by a court here today for articles that libeled the community.',
      'A court here ruled today that the law on the labeling of kosher food applies to every shop in {CTRY}.',
    ],
    more: [
      'The case had been brought with the help of the {O}, whose lawyers argued it over {K} sessions.',
      'The court said that the law as written could not be applied to a whole community.',
      'An appeal is expected, {PT} told reporters outside the courtroom.',
    ],
  },
  {
    from: 1928,
    to: 1994,
    cities: ['Washington', 'London', 'Paris'],
    topic: 'the talks of the {O} delegation',
    heads: [
      'Envoy in {C} Meets {OS} Leaders',
      '{CS} Pledges Aid for Refugee Program',
      '{OA} Delegation Received at Foreign Ministry',
    ],
    leadOf: [1, 0, 1],
    leads: [
      'The government said today that it would support a new program of aid for refugees overseas.',
      'A delegation of the {O} was received today by officials of the Foreign Ministry.',
    ],
    more: [
      'The delegation presented a memorandum on the situation of Jews in {FC}.',
      'Officials promised to study the memorandum and to reply within {K} weeks.',
      '{P}, who led the delegation, described the talks as frank and useful.',
    ],
  },
  {
    from: 1928,
    to: 1994,
    topic: 'the cultural gathering in {C}',
    heads: [
      'Yiddish Theater Festival Opens in {C}',
      'Scholars Meet in {C} on Hebrew Studies',
      'Exhibit of Jewish Art Opens in {C}',
    ],
    leadOf: [0, 1, 2],
    meeting: true,
    leads: [
      'A festival of the Yiddish theater, with companies from {K} countries, opened here tonight.',
      'Scholars from {K} countries gathered here today for a conference on Hebrew studies.',
      'An exhibit of works by Jewish painters and sculptors from {K} countries opened here today.',
    ],
    more: [
      'The opening performance was attended by an audience of {N3} persons.',
      '{P} read a paper on the early printers of Hebrew books in {FC}.',
      'The organizers hope to make the gathering an annual event.',
    ],
  },
  {
    from: 1930,
    to: 1994,
    topic: 'the Hebrew schools of {CTRY}',
    heads: [
      '{AG} Survey: Day School Enrollment Up {PCT} Percent',
      'Report Finds {N} Pupils in Hebrew Schools of {CS}',
      'Study Shows Shortage of Hebrew Teachers in {CS}',
    ],
    leadOf: [0, 1, 1],
    leads: [
      'A survey conducted for the {AG} by the {O} shows that enrollment in day schools rose by {PCT} percent in the last five years.',
      'The number of pupils in Hebrew schools in {CTRY} has reached {N}, according to a report published here today.',
    ],
    more: [
      'The survey covered {N3} schools in {K} cities and towns.',
      'The largest gains were found in the suburbs, where many young families have settled.',
      '{P}, who directed the study, warned that the shortage of trained teachers remained serious.',
    ],
  },
  {
    from: 1928,
    to: 1994,
    topic: 'the attack on the synagogue and cemetery near {C}',
    heads: [
      'Vandals Damage Synagogue in {C}; Police Seek Youths',
      'Minister Condemns Attack on Cemetery Near {C}',
      'Leaders in {C} Protest Attack on Synagogue',
      'Synagogue Vandalized in {C}',
    ],
    leadOf: [0, 1, 0, 0],
    leads: [
      'Vandals broke into a synagogue here last night, damaging the ark and scattering prayer books.',
      'The Minister of the Interior today condemned an attack on a Jewish cemetery near {C}.',
    ],
    more: [
      'Police said that they were looking for a group of youths seen near the building.',
      'The {O} offered a reward for information leading to the arrest of those responsible.',
      'Leaders of other faiths visited the congregation today to express their sympathy.',
    ],
  },
  {
    from: 1928,
    to: 1994,
    topic: 'the conference of the {O}',
    heads: [
      'World Conference of {OS} Opens in {C}',
      '{K} Nations Represented at Youth Congress',
      '{OA} Parley in {C} Ends With Call for Unity',
    ],
    leadOf: [0, 0, 1],
    meeting: true,
    leads: [
      'The world conference of the {O} opened here today with delegates from {K} countries.',
      'The congress of the {O} closed here tonight with an appeal for unity among its branches.',
    ],
    more: [
      'The opening address was delivered by {P}, who reviewed the work of the past year.',
      'Committees on education, relief and the press will report on the last day.',
      'A message of greeting was received from the mayor of {C}.',
    ],
  },
  {
    from: 1928,
    to: 1947,
    cities: HOLY,
    topic: 'the immigration certificates for Palestine',
    heads: [
      'Palestine Government Issues {N3} Immigration Certificates',
      'High Commissioner Receives {OS} Delegation',
    ],
    leadOf: [0, 1],
    leads: [
      'The Palestine Government today issued {N3} immigration certificates for the coming half year.',
      'The High Commissioner today received a delegation of the {O}, which asked for a larger schedule of certificates.',
    ],
    more: [
      'The schedule is smaller than the one requested by the settlement bodies.',
      'The delegation pointed out that work was available for many more newcomers.',
    ],
  },
  {
    from: 1949,
    to: 1994,
    cities: HOLY,
    topic: 'the citrus exports of Israel',
    heads: ['Israel Citrus Exports Rise {PCT} Percent', 'Citrus Growers Expect Record Season'],
    leads: [
      'Exports of citrus fruit from Israel rose by {PCT} percent this season, the Ministry of Agriculture reported today.',
    ],
    more: [
      'Most of the increase went to markets in Europe, the report said.',
      'Growers in {REG} said that the new packing houses had saved much of the crop from spoiling.',
      'The shipping companies have promised more refrigerated space for the coming season.',
    ],
  },
  {
    from: 1949,
    to: 1994,
    cities: HOLY,
    topic: 'the housing and port plans of Israel',
    heads: [
      'Knesset Debates New Housing Plan',
      'Israel to Build Port Near {C}',
      'Knesset Approves Housing Plan',
    ],
    leadOf: [0, 1, 0],
    leads: [
      'The Knesset today began a debate on a plan to build {N} new housing units within two years.',
      'The Government today approved plans for a new port near {C}, to be built over {K} years.',
    ],
    more: [
      'Opposition speakers criticized the plan as too costly and too slow.',
      'The Minister told the house that the first works would be finished before the winter.',
      'Engineers from {K} countries have been invited to submit their designs.',
    ],
  },
];

/** Feature stories, printed without a dateline. */
export const FEATURES: StoryTemplate[] = [
  {
    from: 1928,
    to: 1994,
    topic: 'the old quarter of {C}',
    heads: ['A Visit to the Old Quarter of {C}', 'Life Returns to the Old Market of {C}'],
    leads: [
      'The narrow streets of the old quarter of {C} are quiet in the early morning, but by noon the market is crowded.',
    ],
    more: [
      'Shopkeepers who have worked here for {YRS} years say that the neighborhood has changed beyond recognition.',
      'The old synagogue on the corner is open again, restored with the help of the {O}.',
      '"We never thought we would see this," {QT} said, showing a visitor the courtyard.',
    ],
  },
  {
    from: 1928,
    to: 1994,
    topic: 'the young people and teachers of {C}',
    heads: ['The Teachers Who Came Back', 'What the Young People of {C} Are Asking'],
    leadOf: [1, 0],
    leads: [
      'Ask a group of young people in {C} what worries them most and the answers come quickly.',
      'Ten years ago the teachers of {C} left for other work; now many of them are back in the classroom.',
    ],
    more: [
      'Many of them study in the evenings after a full day of work.',
      '{P}, who has taught here for {YRS} years, believes that the new generation will surprise its elders.',
      'The youth clubs of the {O} are full every evening, and the waiting lists are long.',
    ],
  },
];
