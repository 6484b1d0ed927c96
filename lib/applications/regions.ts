/**
 * Tanzania's 31 regions (mikoa) and their districts (wilaya), for the region-and-district
 * questions of the application forms.
 *
 * What a "district" is here: the administrative district (wilaya) as the 2022 Population and
 * Housing Census lists regions and districts: 139 districts in the 26 regions of Tanzania
 * Mainland and 11 in the 5 regions of Zanzibar (150 in all). A district is named as people name
 * it ("Moshi", "Kinondoni", "Bukoba"): the councils inside one district (a city, municipal or town
 * council beside a district council, e.g. Moshi Municipal Council and Moshi District Council, or
 * Meru and Arusha district councils in Arumeru) are not listed apart, so that every district
 * appears once, under one rule, in every region. Regions are sorted alphabetically, and the
 * districts alphabetically within each region.
 *
 * Sources (found 2026; facts as of the 2022 census):
 * - National Bureau of Statistics, 2022 Population and Housing Census (results and administrative
 *   units): https://www.nbs.go.tz/index.php/en/census-surveys/population-and-housing-census/802-matokeo-ya-mwanzo-ya-sensa-ya-watu-na-makazi-ya-mwaka-2022
 * - Wikipedia, "Mikoa ya Tanzania" / "Regions of Tanzania" (31 regions, 2022 census populations):
 *   https://wikiwand.com/sw/articles/Mikoa_ya_Tanzania, https://en.wikipedia.org/wiki/Regions_of_Tanzania
 * - Wikipedia, "Districts of Tanzania" (districts and their councils by region):
 *   https://en.wikipedia.org/wiki/Districts_of_Tanzania
 * - Revolutionary Government of Zanzibar, Magharibi B District Profile (2017), for the split of
 *   Magharibi into Magharibi A and Magharibi B; Wikipedia, "Kaskazini B District" (2022 census).
 * A region or district created after the 2022 census is not in this list.
 */

export type Region = { name: string; districts: readonly string[] };

export const REGIONS: readonly Region[] = [
  { name: "Arusha", districts: ["Arumeru", "Arusha", "Karatu", "Longido", "Monduli", "Ngorongoro"] },
  { name: "Dar es Salaam", districts: ["Ilala", "Kigamboni", "Kinondoni", "Temeke", "Ubungo"] },
  { name: "Dodoma", districts: ["Bahi", "Chamwino", "Chemba", "Dodoma", "Kondoa", "Kongwa", "Mpwapwa"] },
  { name: "Geita", districts: ["Bukombe", "Chato", "Geita", "Mbogwe", "Nyang'hwale"] },
  { name: "Iringa", districts: ["Iringa", "Kilolo", "Mufindi"] },
  { name: "Kagera", districts: ["Biharamulo", "Bukoba", "Karagwe", "Kyerwa", "Missenyi", "Muleba", "Ngara"] },
  { name: "Kaskazini Pemba", districts: ["Micheweni", "Wete"] },
  { name: "Kaskazini Unguja", districts: ["Kaskazini A", "Kaskazini B"] },
  { name: "Katavi", districts: ["Mlele", "Mpanda", "Tanganyika"] },
  { name: "Kigoma", districts: ["Buhigwe", "Kakonko", "Kasulu", "Kibondo", "Kigoma", "Uvinza"] },
  { name: "Kilimanjaro", districts: ["Hai", "Moshi", "Mwanga", "Rombo", "Same", "Siha"] },
  { name: "Kusini Pemba", districts: ["Chake Chake", "Mkoani"] },
  { name: "Kusini Unguja", districts: ["Kati", "Kusini"] },
  { name: "Lindi", districts: ["Kilwa", "Lindi", "Liwale", "Nachingwea", "Ruangwa"] },
  { name: "Manyara", districts: ["Babati", "Hanang", "Kiteto", "Mbulu", "Simanjiro"] },
  { name: "Mara", districts: ["Bunda", "Butiama", "Musoma", "Rorya", "Serengeti", "Tarime"] },
  { name: "Mbeya", districts: ["Chunya", "Kyela", "Mbarali", "Mbeya", "Rungwe"] },
  { name: "Mjini Magharibi", districts: ["Magharibi A", "Magharibi B", "Mjini"] },
  { name: "Morogoro", districts: ["Gairo", "Kilombero", "Kilosa", "Malinyi", "Morogoro", "Mvomero", "Ulanga"] },
  { name: "Mtwara", districts: ["Masasi", "Mtwara", "Nanyumbu", "Newala", "Tandahimba"] },
  { name: "Mwanza", districts: ["Ilemela", "Kwimba", "Magu", "Misungwi", "Nyamagana", "Sengerema", "Ukerewe"] },
  { name: "Njombe", districts: ["Ludewa", "Makete", "Njombe", "Wanging'ombe"] },
  { name: "Pwani", districts: ["Bagamoyo", "Kibaha", "Kibiti", "Kisarawe", "Mafia", "Mkuranga", "Rufiji"] },
  { name: "Rukwa", districts: ["Kalambo", "Nkasi", "Sumbawanga"] },
  { name: "Ruvuma", districts: ["Mbinga", "Namtumbo", "Nyasa", "Songea", "Tunduru"] },
  { name: "Shinyanga", districts: ["Kahama", "Kishapu", "Shinyanga"] },
  { name: "Simiyu", districts: ["Bariadi", "Busega", "Itilima", "Maswa", "Meatu"] },
  { name: "Singida", districts: ["Ikungi", "Iramba", "Manyoni", "Mkalama", "Singida"] },
  { name: "Songwe", districts: ["Ileje", "Mbozi", "Momba", "Songwe"] },
  { name: "Tabora", districts: ["Igunga", "Kaliua", "Nzega", "Sikonge", "Tabora", "Urambo", "Uyui"] },
  { name: "Tanga", districts: ["Handeni", "Kilindi", "Korogwe", "Lushoto", "Mkinga", "Muheza", "Pangani", "Tanga"] },
];

/** Whether `district` is one of the districts of `region`, both named exactly as in REGIONS. */
export function isDistrictOf(region: string, district: string): boolean {
  const found = REGIONS.find((r) => r.name === region);
  return found !== undefined && found.districts.includes(district);
}
