"""Hand-written name tables for the state gazetteer (see gazetteer.py).

Official and short names come from data/members.csv and pycountry; this module holds what
neither has: common aliases used by the press, demonyms (adjectives) and capital-city or
institution metonyms. Every entry maps to an ISO 3166-1 alpha-3 code of a UN member or
observer state. Surfaces are written in their usual capitalisation; matching is
case-sensitive (plus an ALL-CAPS variant of names for headlines).
"""

from __future__ import annotations

# Press aliases: "ISO3": "alias|alias|...".
ALIASES: dict[str, str] = {
    "USA": "United States|United States of America|U.S.|US|U.S.A.|USA|America",
    "GBR": "United Kingdom|Britain|Great Britain|UK|U.K."
    "|United Kingdom of Great Britain and Northern Ireland",
    "RUS": "Russia|Russian Federation",
    "PRK": "North Korea|DPRK|D.P.R.K.|N. Korea|Democratic People's Republic of Korea",
    "KOR": "South Korea|Republic of Korea|S. Korea",
    "IRN": "Iran|Islamic Republic of Iran",
    "SYR": "Syria|Syrian Arab Republic",
    "VEN": "Venezuela|Bolivarian Republic of Venezuela",
    "BOL": "Bolivia|Plurinational State of Bolivia",
    "LAO": "Laos|Lao PDR|Lao People's Democratic Republic",
    "VNM": "Vietnam|Viet Nam",
    "TZA": "Tanzania|United Republic of Tanzania",
    "MDA": "Moldova|Republic of Moldova",
    "FSM": "Micronesia|Federated States of Micronesia",
    "CZE": "Czechia|Czech Republic",
    "TUR": "Turkey|Türkiye|Turkiye",
    "CIV": "Ivory Coast|Côte d'Ivoire|Cote d'Ivoire|Côte d’Ivoire|Cote d’Ivoire",
    "CPV": "Cape Verde|Cabo Verde",
    "SWZ": "Eswatini|Swaziland",
    "TLS": "East Timor|Timor-Leste|Timor Leste",
    "MMR": "Myanmar|Burma",
    "COG": "Republic of the Congo|Republic of Congo|Congo-Brazzaville|Congo Republic",
    "COD": "Democratic Republic of the Congo|Democratic Republic of Congo|DR Congo|DRC|D.R. Congo"
    "|Congo-Kinshasa",
    "VCT": "Saint Vincent and the Grenadines|St. Vincent and the Grenadines|St Vincent and the Grenadines"
    "|St. Vincent|St Vincent|Saint Vincent",
    "KNA": "Saint Kitts and Nevis|St. Kitts and Nevis|St Kitts and Nevis|St. Kitts|St Kitts|Saint Kitts",
    "LCA": "Saint Lucia|St. Lucia|St Lucia",
    "ATG": "Antigua and Barbuda|Antigua & Barbuda|Antigua",
    "TTO": "Trinidad and Tobago|Trinidad & Tobago|Trinidad",
    "BIH": "Bosnia and Herzegovina|Bosnia-Herzegovina|Bosnia",
    "STP": "Sao Tome and Principe|São Tomé and Príncipe|Sao Tome|São Tomé",
    "GNB": "Guinea-Bissau|Guinea Bissau",
    "VAT": "Holy See|Vatican|Vatican City",
    "PSE": "State of Palestine|Palestine|Palestinian Authority|Palestinians",
    "NLD": "Netherlands|Holland|Kingdom of the Netherlands",
    "MKD": "North Macedonia|Macedonia",
    "ARE": "United Arab Emirates|UAE|U.A.E.",
    "BRN": "Brunei|Brunei Darussalam",
    "KGZ": "Kyrgyzstan|Kyrgyz Republic",
    "SVK": "Slovakia|Slovak Republic",
    "BHS": "Bahamas|The Bahamas",
    "GMB": "Gambia|The Gambia",
    "CHN": "China|People's Republic of China|PRC",
    "SAU": "Saudi Arabia|Kingdom of Saudi Arabia",
    "PNG": "Papua New Guinea",
    "CAF": "Central African Republic|CAR",
}

# Names that are also common words, given names, rivers or US states: accepted only when the
# context does not point elsewhere (see Gazetteer._plausible).
AMBIGUOUS_NAMES: frozenset[str] = frozenset(
    {"Georgia", "Jordan", "Chad", "Niger", "Guinea", "Mali", "Turkey", "America", "CAR", "PRC", "US",
     "Antigua", "Trinidad", "Dominica", "Israel", "Grenada", "Panama", "Lebanon"}
)

# Demonyms (adjectives), "ISO3": "form|form". Plural people-nouns are not listed (they name
# people, not the state), except "Palestinians" above which the press uses for the state.
DEMONYMS: dict[str, str] = {
    "AFG": "Afghan", "ALB": "Albanian", "DZA": "Algerian", "AND": "Andorran", "AGO": "Angolan",
    "ATG": "Antiguan", "ARG": "Argentine|Argentinian|Argentinean", "ARM": "Armenian",
    "AUS": "Australian", "AUT": "Austrian", "AZE": "Azerbaijani|Azeri", "BHS": "Bahamian",
    "BHR": "Bahraini", "BGD": "Bangladeshi", "BRB": "Barbadian", "BLR": "Belarusian|Belarussian",
    "BEL": "Belgian", "BLZ": "Belizean", "BEN": "Beninese", "BTN": "Bhutanese", "BOL": "Bolivian",
    "BIH": "Bosnian", "BWA": "Botswanan|Motswana", "BRA": "Brazilian", "BRN": "Bruneian",
    "BGR": "Bulgarian", "BFA": "Burkinabe|Burkinabè", "BDI": "Burundian", "CPV": "Cape Verdean",
    "KHM": "Cambodian", "CMR": "Cameroonian", "CAN": "Canadian", "TCD": "Chadian",
    "CHL": "Chilean", "CHN": "Chinese", "COL": "Colombian", "COM": "Comorian",
    "CRI": "Costa Rican", "HRV": "Croatian", "CUB": "Cuban", "CYP": "Cypriot", "CZE": "Czech",
    "CIV": "Ivorian", "PRK": "North Korean", "DNK": "Danish", "DJI": "Djiboutian",
    "DOM": "Dominican", "ECU": "Ecuadorian|Ecuadorean", "EGY": "Egyptian", "SLV": "Salvadoran|Salvadorean",
    "GNQ": "Equatorial Guinean|Equatoguinean", "ERI": "Eritrean", "EST": "Estonian",
    "SWZ": "Swazi|Eswatini", "ETH": "Ethiopian", "FJI": "Fijian", "FIN": "Finnish", "FRA": "French",
    "GAB": "Gabonese", "GMB": "Gambian", "GEO": "Georgian", "DEU": "German", "GHA": "Ghanaian",
    "GRC": "Greek", "GRD": "Grenadian", "GTM": "Guatemalan", "GIN": "Guinean",
    "GNB": "Bissau-Guinean", "GUY": "Guyanese", "HTI": "Haitian", "HND": "Honduran",
    "HUN": "Hungarian", "ISL": "Icelandic", "IND": "Indian", "IDN": "Indonesian", "IRN": "Iranian",
    "IRQ": "Iraqi", "IRL": "Irish", "ISR": "Israeli", "ITA": "Italian", "JAM": "Jamaican",
    "JPN": "Japanese", "JOR": "Jordanian", "KAZ": "Kazakh|Kazakhstani", "KEN": "Kenyan",
    "KWT": "Kuwaiti", "KGZ": "Kyrgyz", "LAO": "Laotian|Lao", "LVA": "Latvian", "LBN": "Lebanese",
    "LBR": "Liberian", "LBY": "Libyan", "LIE": "Liechtensteiner", "LTU": "Lithuanian",
    "LUX": "Luxembourgish|Luxembourger", "MDG": "Malagasy", "MWI": "Malawian", "MYS": "Malaysian",
    "MDV": "Maldivian", "MLI": "Malian", "MLT": "Maltese", "MHL": "Marshallese",
    "MRT": "Mauritanian", "MUS": "Mauritian", "MEX": "Mexican", "FSM": "Micronesian",
    "MCO": "Monegasque", "MNG": "Mongolian", "MNE": "Montenegrin", "MAR": "Moroccan",
    "MOZ": "Mozambican", "MMR": "Myanmar|Burmese", "NAM": "Namibian", "NRU": "Nauruan",
    "NPL": "Nepali|Nepalese", "NLD": "Dutch", "NZL": "New Zealand", "NIC": "Nicaraguan",
    "NER": "Nigerien", "NGA": "Nigerian", "MKD": "Macedonian", "NOR": "Norwegian", "OMN": "Omani",
    "PAK": "Pakistani", "PLW": "Palauan", "PAN": "Panamanian", "PNG": "Papua New Guinean",
    "PRY": "Paraguayan", "PER": "Peruvian", "PHL": "Philippine|Filipino", "POL": "Polish",
    "PRT": "Portuguese", "QAT": "Qatari", "KOR": "South Korean", "MDA": "Moldovan",
    "ROU": "Romanian", "RUS": "Russian", "RWA": "Rwandan", "LCA": "Saint Lucian|St. Lucian",
    "VCT": "Vincentian", "WSM": "Samoan", "SMR": "Sammarinese", "SAU": "Saudi",
    "SEN": "Senegalese", "SRB": "Serbian", "SYC": "Seychellois", "SLE": "Sierra Leonean",
    "SGP": "Singaporean", "SVK": "Slovak", "SVN": "Slovenian|Slovene", "SLB": "Solomon Islander",
    "SOM": "Somali", "ZAF": "South African", "SSD": "South Sudanese", "ESP": "Spanish",
    "LKA": "Sri Lankan", "PSE": "Palestinian", "SDN": "Sudanese", "SUR": "Surinamese",
    "SWE": "Swedish", "CHE": "Swiss", "SYR": "Syrian", "TJK": "Tajik|Tajikistani", "THA": "Thai",
    "TLS": "Timorese", "TGO": "Togolese", "TON": "Tongan", "TTO": "Trinidadian", "TUN": "Tunisian",
    "TUR": "Turkish", "TKM": "Turkmen", "TUV": "Tuvaluan", "UGA": "Ugandan", "UKR": "Ukrainian",
    "ARE": "Emirati", "GBR": "British", "TZA": "Tanzanian", "USA": "American",
    "URY": "Uruguayan", "UZB": "Uzbek", "VUT": "Vanuatuan", "VEN": "Venezuelan",
    "VNM": "Vietnamese", "YEM": "Yemeni", "ZMB": "Zambian", "ZWE": "Zimbabwean",
}

# Capital cities and seats of government that the press uses for the state ("Moscow's
# invasion", "Washington says"); accepted only where they do not name a place.
METONYMS: dict[str, str] = {
    "RUS": "Moscow|Kremlin|the Kremlin", "UKR": "Kyiv|Kiev", "USA": "Washington|White House"
    "|State Department|Pentagon", "CHN": "Beijing", "GBR": "London|Downing Street|Whitehall",
    "FRA": "Paris|Elysee|Élysée", "DEU": "Berlin", "IRN": "Tehran", "SYR": "Damascus",
    "BLR": "Minsk", "PRK": "Pyongyang", "VEN": "Caracas", "CUB": "Havana", "NIC": "Managua",
    "JPN": "Tokyo", "IND": "New Delhi", "BRA": "Brasilia|Brasília", "ZAF": "Pretoria",
    "TUR": "Ankara", "POL": "Warsaw", "ITA": "Rome", "ESP": "Madrid", "CAN": "Ottawa",
    "AUS": "Canberra", "SAU": "Riyadh", "EGY": "Cairo", "PAK": "Islamabad", "AFG": "Kabul",
    "IRQ": "Baghdad", "KOR": "Seoul", "ISR": "Jerusalem", "ERI": "Asmara", "MLI": "Bamako",
    "HUN": "Budapest", "SRB": "Belgrade", "KAZ": "Astana", "AZE": "Baku", "ARM": "Yerevan",
    "GEO": "Tbilisi",
}

# Seats of government that are metonyms even after "the" (they are never a bare place name).
INSTITUTIONS: frozenset[str] = frozenset(
    {"Kremlin", "White House", "State Department", "Pentagon", "Downing Street", "Whitehall",
     "Elysee", "Élysée"}
)
