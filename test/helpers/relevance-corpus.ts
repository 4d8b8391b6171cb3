/** A small fixed corpus for the relevance set: four typed bulletins whose articles compete for queries. */

const mast = (date: string, no: string) => `
                     JEWISH TELEGRAPHIC AGENCY
                        DAILY NEWS BULLETIN
Vol. XX, No. ${no}                      ${date}
==================================================================
`;

export const relevanceCorpus: Record<string, string[]> = {
  '1938-12-19.pdf': [
    `${mast('Monday, December 19, 1938', '101')}
                  REFUGEES FROM MOGILEV REACH RIGA

     RIGA, Dec. 18 (JTA) -- Forty families from Mogilev arrived here
today by train, a relief committee said. The families will stay in
the city until their visas for Palestine are ready.
                              -0-

                  RELIEF COMMITTEE ELECTS OFFICERS

     LONDON, Dec. 18 (JTA) -- The relief committee elected its new
officers today. Among the delegates were two rabbis who once lived
in Mogilev and later settled in Manchester.
                              -0-

                   SYNAGOGUE REBUILT IN BAVARIA

     MUNICH, Dec. 18 (JTA) -- The old synagogue of a small town in
Bavaria was rebuilt this year with funds raised by former members.
                              -0-
`,
  ],
  '1946-12-19.pdf': [
    `${mast('Thursday, December 19, 1946', '230')}
                   DISPLACED PERSONS LEAVE CAMPS

                         By Ben Gallob

     FRANKFURT, Dec. 18 (JTA) -- Three hundred displaced persons left
the camps near Frankfurt today for ports in Italy, officials said.
                              -0-

                  COUNCIL DEBATES HOUSING PLANS

     JERUSALEM, Dec. 18 (JTA) -- The council debated housing plans for
persons displaced by the floods of last winter and for new settlers.
                              -0-

                   SYNAGOGUE REBUILT IN BAVARIA

     MUNICH, Dec. 18 (JTA) -- The old synagogue of a small town in
Bavaria was rebuilt this year with funds raised by former members.
                              -0-
`,
  ],
  '1972-03-08.pdf': [
    `${mast('Wednesday, March 8, 1972', '47')}
                   SOVIET EMIGRATION RULES EASED

     MOSCOW, March 7 (JTA) -- Soviet officials eased the rules for
emigration today, allowing families to apply together.
                              -0-

                    TRADE TALKS OPEN IN VIENNA

     VIENNA, March 7 (JTA) -- The Soviet delegation opened trade talks
here. A separate question, raised by the American side in a long
statement read at the end of the first session, concerned emigration.
                              -0-

                   MOGILEFF NATIVES MEET IN NEW YORK

     NEW YORK, March 7 (JTA) -- Former residents of Mogileff met here
tonight to remember their town and to raise funds for a memorial.
                              -0-
`,
  ],
  '1985-06-12.pdf': [
    `${mast('Wednesday, June 12, 1985', '110')}
                 OCR-DAMAGED REPORT FROM THE PROVINCE

     HAIFA, June 11 (JTA) -- A committee visited the Mogiiev society and
the Bavarla relief fund in Haifa this week and praised their work.
                              -0-

                    NEW SCHOOL OPENS IN HAIFA

     HAIFA, June 11 (JTA) -- A new school opened here today with two
hundred pupils and twelve teachers.
                              -0-
`,
  ],
};
