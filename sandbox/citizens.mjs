// Fictional citizens for the sandbox's NIDA imitation. Every name, number and answer here is made
// up: any resemblance to a real person is chance. Fixed data (not generated at start) so that
// tests, demos and the README table stay the same from run to run.
//
// NIN: 20 digits, the first 8 the date of birth (YYYYMMDD). Phones: 255 then 70/60 and 7 digits,
// a patterned range chosen to look fictional. Answers are to the 4 security questions below.

/** NIDA's security questions as the sandbox asks them: code, English and Swahili text. */
export const QUESTIONS = [
  { code: "101", en: "Mention your mother's first name", sw: "Taja jina la kwanza la mama yako" },
  { code: "103", en: "Mention your region of birth", sw: "Taja mkoa uliozaliwa" },
  { code: "105", en: "Mention your primary school district", sw: "Taja wilaya ulipohitimu darasa la saba" },
  { code: "108", en: "Mention the year you finished primary school", sw: "Taja mwaka uliohitimu darasa la saba" },
];

/**
 * The first citizen has a NIN that is easy to type in demos: 19900101-00000-00000-01.
 * answers: 101 mother's first name, 103 region of birth, 105 primary school district,
 * 108 year primary school (Standard 7) was finished.
 */
export const CITIZENS = [
  { nin: "19900101000000000001", firstName: "Amani", middleName: "Juma", surname: "Mushi", dateOfBirth: "1990-01-01", sex: "M", phone: "255700000001", answers: { 101: "Rehema", 103: "Kilimanjaro", 105: "Moshi", 108: "2003" } },
  { nin: "19850314409863660053", firstName: "Neema", middleName: "Hamisi", surname: "Mwakalinga", dateOfBirth: "1985-03-14", sex: "F", phone: "255700018486", answers: { 101: "Upendo", 103: "Mbeya", 105: "Rungwe", 108: "1998" } },
  { nin: "19780722318254118606", firstName: "Baraka", middleName: "Joseph", surname: "Massawe", dateOfBirth: "1978-07-22", sex: "M", phone: "255600017389", answers: { 101: "Agnes", 103: "Kilimanjaro", 105: "Hai", 108: "1992" } },
  { nin: "19951105251247115666", firstName: "Mwanaisha", middleName: "Salum", surname: "Makame", dateOfBirth: "1995-11-05", sex: "F", phone: "255700087342", answers: { 101: "Mwanahawa", 103: "Mjini Magharibi", 105: "Mjini", 108: "2009" } },
  { nin: "19620430906410678992", firstName: "Daudi", middleName: "Elia", surname: "Magesa", dateOfBirth: "1962-04-30", sex: "M", phone: "255700035344", answers: { 101: "Kulwa", 103: "Mwanza", 105: "Magu", 108: "1975" } },
  { nin: "20010918387814215403", firstName: "Zawadi", middleName: "Peter", surname: "Mollel", dateOfBirth: "2001-09-18", sex: "F", phone: "255600058619", answers: { 101: "Naserian", 103: "Arusha", 105: "Arusha", 108: "2015" } },
  { nin: "19561202614265407491", firstName: "Rashidi", middleName: "Omari", surname: "Mfaume", dateOfBirth: "1956-12-02", sex: "M", phone: "255700071321", answers: { 101: "Mwajuma", 103: "Pwani", 105: "Bagamoyo", 108: "1970" } },
  { nin: "19990611554714072567", firstName: "Halima", middleName: "Abdallah", surname: "Chande", dateOfBirth: "1999-06-11", sex: "F", phone: "255700015264", answers: { 101: "Subira", 103: "Tanga", 105: "Pangani", 108: "2012" } },
  { nin: "19830227587653838287", firstName: "Emmanuel", middleName: "Godfrey", surname: "Kaijage", dateOfBirth: "1983-02-27", sex: "M", phone: "255600009793", answers: { 101: "Jovina", 103: "Kagera", 105: "Bukoba", 108: "1996" } },
  { nin: "19920809345854997408", firstName: "Upendo", middleName: "Frank", surname: "Mwita", dateOfBirth: "1992-08-09", sex: "F", phone: "255700006102", answers: { 101: "Boke", 103: "Mara", 105: "Tarime", 108: "2006" } },
  { nin: "19690516566017857372", firstName: "Hassani", middleName: "Said", surname: "Kombo", dateOfBirth: "1969-05-16", sex: "M", phone: "255700064664", answers: { 101: "Mwanajuma", 103: "Kusini Pemba", 105: "Chake Chake", 108: "1982" } },
  { nin: "19741003012421924561", firstName: "Esther", middleName: "John", surname: "Mbilinyi", dateOfBirth: "1974-10-03", sex: "F", phone: "255600068867", answers: { 101: "Mariamu", 103: "Iringa", 105: "Mufindi", 108: "1988" } },
  { nin: "19880119005183417916", firstName: "Godfrey", middleName: "Paulo", surname: "Haule", dateOfBirth: "1988-01-19", sex: "M", phone: "255700017498", answers: { 101: "Theresia", 103: "Ruvuma", 105: "Songea", 108: "2001" } },
  { nin: "20040407421242141712", firstName: "Rehema", middleName: "Issa", surname: "Ngassa", dateOfBirth: "2004-04-07", sex: "F", phone: "255700076591", answers: { 101: "Kabula", 103: "Shinyanga", 105: "Kahama", 108: "2017" } },
  { nin: "19510825844967704508", firstName: "Yusufu", middleName: "Ally", surname: "Kitwana", dateOfBirth: "1951-08-25", sex: "M", phone: "255600028099", answers: { 101: "Fatuma", 103: "Lindi", 105: "Kilwa", 108: "1965" } },
  { nin: "19971230991358595369", firstName: "Grace", middleName: "Emmanuel", surname: "Swai", dateOfBirth: "1997-12-30", sex: "F", phone: "255700097652", answers: { 101: "Happiness", 103: "Kilimanjaro", 105: "Rombo", 108: "2011" } },
  { nin: "19800608833546573600", firstName: "Omari", middleName: "Bakari", surname: "Mzee", dateOfBirth: "1980-06-08", sex: "M", phone: "255700043663", answers: { 101: "Asha", 103: "Kaskazini Unguja", 105: "Kaskazini A", 108: "1993" } },
  { nin: "19660321486000089739", firstName: "Agnes", middleName: "Daudi", surname: "Masanja", dateOfBirth: "1966-03-21", sex: "F", phone: "255600001876", answers: { 101: "Esther", 103: "Tabora", 105: "Nzega", 108: "1979" } },
  { nin: "19930912956797791606", firstName: "Juma", middleName: "Shabani", surname: "Mhando", dateOfBirth: "1993-09-12", sex: "M", phone: "255700017803", answers: { 101: "Mwanaidi", 103: "Tanga", 105: "Handeni", 108: "2007" } },
  { nin: "19581128745108631331", firstName: "Fatuma", middleName: "Ramadhani", surname: "Salim", dateOfBirth: "1958-11-28", sex: "F", phone: "255700068496", answers: { 101: "Zuhura", 103: "Dar es Salaam", 105: "Temeke", 108: "1972" } },
  { nin: "19710214117388980334", firstName: "Erasto", middleName: "Musa", surname: "Mgaya", dateOfBirth: "1971-02-14", sex: "M", phone: "255600024971", answers: { 101: "Lucia", 103: "Iringa", 105: "Kilolo", 108: "1984" } },
  { nin: "20020520599218523810", firstName: "Sikudhani", middleName: "Athumani", surname: "Kapinga", dateOfBirth: "2002-05-20", sex: "F", phone: "255700052923", answers: { 101: "Tatu", 103: "Ruvuma", 105: "Mbinga", 108: "2015" } },
  { nin: "19860704469842598150", firstName: "Frank", middleName: "Elisha", surname: "Lyimo", dateOfBirth: "1986-07-04", sex: "M", phone: "255700016673", answers: { 101: "Janeth", 103: "Kilimanjaro", 105: "Moshi", 108: "2000" } },
  { nin: "19630109502075023213", firstName: "Mariamu", middleName: "Hemedi", surname: "Kibwana", dateOfBirth: "1963-01-09", sex: "F", phone: "255600099994", answers: { 101: "Mwanahawa", 103: "Tanga", 105: "Lushoto", 108: "1976" } },
  { nin: "19760929116536910596", firstName: "Kassimu", middleName: "Idd", surname: "Mnyampala", dateOfBirth: "1976-09-29", sex: "M", phone: "255700018028", answers: { 101: "Hadija", 103: "Dodoma", 105: "Kondoa", 108: "1990" } },
  { nin: "19940202897284900848", firstName: "Joyce", middleName: "Wilson", surname: "Mwakyusa", dateOfBirth: "1994-02-02", sex: "F", phone: "255700009549", answers: { 101: "Atupele", 103: "Mbeya", 105: "Kyela", 108: "2007" } },
  { nin: "19531017096745416547", firstName: "Selemani", middleName: "Hamza", surname: "Mpangala", dateOfBirth: "1953-10-17", sex: "M", phone: "255600049400", answers: { 101: "Tabu", 103: "Morogoro", 105: "Kilosa", 108: "1967" } },
  { nin: "19891212780316685858", firstName: "Tatu", middleName: "Jumanne", surname: "Kisanga", dateOfBirth: "1989-12-12", sex: "F", phone: "255700006271", answers: { 101: "Saumu", 103: "Morogoro", 105: "Kilombero", 108: "2003" } },
  { nin: "20000303800438593214", firstName: "Peter", middleName: "Marko", surname: "Chacha", dateOfBirth: "2000-03-03", sex: "M", phone: "255700025119", answers: { 101: "Robi", 103: "Mara", 105: "Serengeti", 108: "2013" } },
  { nin: "19980816317398098323", firstName: "Witness", middleName: "Amos", surname: "Temba", dateOfBirth: "1998-08-16", sex: "F", phone: "255600001365", answers: { 101: "Elizabeti", 103: "Kilimanjaro", 105: "Mwanga", 108: "2012" } },
  { nin: "19670623125747008210", firstName: "Abdallah", middleName: "Khamis", surname: "Haji", dateOfBirth: "1967-06-23", sex: "M", phone: "255700095007", answers: { 101: "Rukia", 103: "Kaskazini Pemba", 105: "Wete", 108: "1980" } },
  { nin: "19820411955307735780", firstName: "Saida", middleName: "Nassoro", surname: "Mtambo", dateOfBirth: "1982-04-11", sex: "F", phone: "255700055868", answers: { 101: "Mwanahamisi", 103: "Pwani", 105: "Mkuranga", 108: "1995" } },
  { nin: "19590707603332120867", firstName: "Elia", middleName: "Yohana", surname: "Shija", dateOfBirth: "1959-07-07", sex: "M", phone: "255600072971", answers: { 101: "Nyanjige", 103: "Shinyanga", 105: "Shinyanga", 108: "1973" } },
  { nin: "19911021189545657653", firstName: "Zainabu", middleName: "Mussa", surname: "Ngonyani", dateOfBirth: "1991-10-21", sex: "F", phone: "255700041321", answers: { 101: "Amina", 103: "Ruvuma", 105: "Namtumbo", 108: "2005" } },
  { nin: "19750505946359058411", firstName: "Tumaini", middleName: "Raphael", surname: "Msigwa", dateOfBirth: "1975-05-05", sex: "M", phone: "255700098399", answers: { 101: "Veronica", 103: "Iringa", 105: "Iringa", 108: "1988" } },
  { nin: "19841114893404726149", firstName: "Anna", middleName: "Stephano", surname: "Magoti", dateOfBirth: "1984-11-14", sex: "F", phone: "255600042868", answers: { 101: "Nyangi", 103: "Mara", 105: "Musoma", 108: "1998" } },
  { nin: "20030127263353182844", firstName: "Hamisi", middleName: "Ally", surname: "Kambi", dateOfBirth: "2003-01-27", sex: "M", phone: "255700070696", answers: { 101: "Mwanamvua", 103: "Dar es Salaam", 105: "Kinondoni", 108: "2016" } },
  { nin: "19960630308749949754", firstName: "Happiness", middleName: "Leonard", surname: "Mrema", dateOfBirth: "1996-06-30", sex: "F", phone: "255700026369", answers: { 101: "Josephine", 103: "Kilimanjaro", 105: "Rombo", 108: "2009" } },
  { nin: "19610909011167454303", firstName: "Said", middleName: "Omari", surname: "Juma", dateOfBirth: "1961-09-09", sex: "M", phone: "255600076582", answers: { 101: "Khadija", 103: "Kusini Unguja", 105: "Kusini", 108: "1975" } },
  { nin: "19790318241394872066", firstName: "Leticia", middleName: "Paschal", surname: "Komba", dateOfBirth: "1979-03-18", sex: "F", phone: "255700010098", answers: { 101: "Scholastica", 103: "Ruvuma", 105: "Songea", 108: "1992" } },
  { nin: "19871225147439512616", firstName: "Musa", middleName: "Petro", surname: "Sanga", dateOfBirth: "1987-12-25", sex: "M", phone: "255700066134", answers: { 101: "Eliza", 103: "Iringa", 105: "Njombe", 108: "2001" } },
  { nin: "19720808250770113586", firstName: "Rose", middleName: "Charles", surname: "Kimaro", dateOfBirth: "1972-08-08", sex: "F", phone: "255600083715", answers: { 101: "Magdalena", 103: "Kilimanjaro", 105: "Hai", 108: "1986" } },
  { nin: "19570219521097582129", firstName: "Bakari", middleName: "Hussein", surname: "Mfinanga", dateOfBirth: "1957-02-19", sex: "M", phone: "255700057304", answers: { 101: "Rukia", 103: "Kilimanjaro", 105: "Same", 108: "1970" } },
  { nin: "19900713466026869695", firstName: "Devota", middleName: "Cosmas", surname: "Kashindye", dateOfBirth: "1990-07-13", sex: "F", phone: "255700096069", answers: { 101: "Felista", 103: "Kigoma", 105: "Kasulu", 108: "2004" } },
  { nin: "19980404873756730406", firstName: "Ibrahimu", middleName: "Salum", surname: "Mohamed", dateOfBirth: "1998-04-04", sex: "M", phone: "255600083824", answers: { 101: "Zaituni", 103: "Lindi", 105: "Nachingwea", 108: "2011" } },
  { nin: "19641201349702996555", firstName: "Scholastica", middleName: "Benedict", surname: "Mapunda", dateOfBirth: "1964-12-01", sex: "F", phone: "255700032796", answers: { 101: "Modesta", 103: "Ruvuma", 105: "Mbinga", 108: "1978" } },
  { nin: "19811010146644472729", firstName: "Shabani", middleName: "Rajabu", surname: "Mnzava", dateOfBirth: "1981-10-10", sex: "M", phone: "255700093120", answers: { 101: "Rehema", 103: "Kilimanjaro", 105: "Same", 108: "1995" } },
  { nin: "20050228411911192195", firstName: "Winfrida", middleName: "Lucas", surname: "Kayombo", dateOfBirth: "2005-02-28", sex: "F", phone: "255600092226", answers: { 101: "Gaudensia", 103: "Ruvuma", 105: "Songea", 108: "2018" } },
  { nin: "19731123997666545079", firstName: "Ramadhani", middleName: "Juma", surname: "Mndeme", dateOfBirth: "1973-11-23", sex: "M", phone: "255700046619", answers: { 101: "Mwanaisha", 103: "Tanga", 105: "Korogwe", 108: "1987" } },
  { nin: "19770131128847846468", firstName: "Pendo", middleName: "Emmanuel", surname: "Nyamhanga", dateOfBirth: "1977-01-31", sex: "F", phone: "255700066801", answers: { 101: "Bhoke", 103: "Mara", 105: "Musoma", 108: "1990" } },
  { nin: "19550606017952829162", firstName: "Idd", middleName: "Hamadi", surname: "Mbonde", dateOfBirth: "1955-06-06", sex: "M", phone: "255600093128", answers: { 101: "Asha", 103: "Mtwara", 105: "Newala", 108: "1968" } },
  { nin: "19860919365375064190", firstName: "Veronica", middleName: "Joseph", surname: "Rwegasira", dateOfBirth: "1986-09-19", sex: "F", phone: "255700031637", answers: { 101: "Adventina", 103: "Kagera", 105: "Muleba", 108: "2000" } },
  { nin: "20060801217642113113", firstName: "Faraji", middleName: "Mussa", surname: "Mwaipopo", dateOfBirth: "2006-08-01", sex: "M", phone: "255700026671", answers: { 101: "Ester", 103: "Mbeya", 105: "Mbeya", 108: "2020" } },
  { nin: "19680426558831000247", firstName: "Subira", middleName: "Ally", surname: "Ngowi", dateOfBirth: "1968-04-26", sex: "F", phone: "255600026785", answers: { 101: "Naomi", 103: "Kilimanjaro", 105: "Moshi", 108: "1981" } },
  { nin: "19941010496067679049", firstName: "Kulwa", middleName: "Masalu", surname: "Mayala", dateOfBirth: "1994-10-10", sex: "M", phone: "255700042538", answers: { 101: "Doto", 103: "Mwanza", 105: "Kwimba", 108: "2008" } },
  { nin: "20070315531401006940", firstName: "Imani", middleName: "Godlisten", surname: "Njau", dateOfBirth: "2007-03-15", sex: "F", phone: "255700041519", answers: { 101: "Glory", 103: "Arusha", 105: "Arusha", 108: "2020" } },
  { nin: "19500509147922151812", firstName: "Hadija", middleName: "Selemani", surname: "Mchopa", dateOfBirth: "1950-05-09", sex: "F", phone: "255600067517", answers: { 101: "Mwanaidi", 103: "Mtwara", 105: "Masasi", 108: "1963" } },
  { nin: "19491002430307308008", firstName: "John", middleName: "Paulo", surname: "Shirima", dateOfBirth: "1949-10-02", sex: "M", phone: "255700010645", answers: { 101: "Maria", 103: "Kilimanjaro", 105: "Rombo", 108: "1963" } },
  { nin: "19650814473340814592", firstName: "Elisha", middleName: "Daniel", surname: "Mtinda", dateOfBirth: "1965-08-14", sex: "M", phone: "255700013330", answers: { 101: "Mariamu", 103: "Singida", 105: "Singida", 108: "1979" } },
  { nin: "19830527058576934593", firstName: "Agatha", middleName: "Felix", surname: "Kalinga", dateOfBirth: "1983-05-27", sex: "F", phone: "255600056211", answers: { 101: "Benadeta", 103: "Rukwa", 105: "Sumbawanga", 108: "1996" } },
  { nin: "19910108656936486255", firstName: "Mohamedi", middleName: "Hussein", surname: "Kapaya", dateOfBirth: "1991-01-08", sex: "M", phone: "255700075628", answers: { 101: "Mwanvua", 103: "Tabora", 105: "Urambo", 108: "2004" } },
  { nin: "19700302346228305598", firstName: "Yohana", middleName: "Elias", surname: "Ntahondi", dateOfBirth: "1970-03-02", sex: "M", phone: "255700078048", answers: { 101: "Anastazia", 103: "Kigoma", 105: "Kibondo", 108: "1983" } },
  { nin: "20030719578603259945", firstName: "Gidion", middleName: "Petro", surname: "Bura", dateOfBirth: "2003-07-19", sex: "M", phone: "255600077098", answers: { 101: "Paulina", 103: "Manyara", 105: "Mbulu", 108: "2017" } },
];

/** The NIN grouped as NIDA prints it: YYYYMMDD-XXXXX-XXXXX-XX. */
export function groupNin(nin) {
  return `${nin.slice(0, 8)}-${nin.slice(8, 13)}-${nin.slice(13, 18)}-${nin.slice(18)}`;
}
