"""Polish (and English) texts for demo records: offerings, referrals, assessments, case notes.

These are demo data, not user-interface strings: they are what a Polish centre's staff would have typed.
"""

from __future__ import annotations

# service type code -> (description in Polish, in English, usual schedule)
OFFERINGS: dict[str, tuple[str, str, str]] = {
    "home_care": (
        "Pomoc w codziennych czynnościach w domu klienta: higiena, posiłki, zakupy, leki, załatwianie spraw.",
        "Help with daily living in the client's home: personal hygiene, meals, shopping, medicines, errands.",
        "pn.–pt. 7:00–21:00, sob.–nd. 8:00–16:00",
    ),
    "specialist_home_care": (
        "Specjalistyczne usługi opiekuńcze dla osób z zaburzeniami psychicznymi: trening umiejętności, "
        "wsparcie w leczeniu, kontakt z poradnią.",
        "Specialist care at home for people with mental disorders: skills training, support with treatment, "
        "liaison with the clinic.",
        "pn.–pt. 8:00–18:00",
    ),
    "personal_assistance": (
        "Asystent osobisty towarzyszy osobie z niepełnosprawnością w domu, w pracy, w urzędzie i w czasie wolnym.",
        "A personal assistant accompanies a person with a disability at home, at work, in offices and in "
        "leisure time.",
        "pn.–nd. 6:00–22:00, wg indywidualnego planu",
    ),
    "respite_care": (
        "Opieka wytchnieniowa: zastępujemy opiekuna rodzinnego na kilka godzin lub dni, w domu lub w ośrodku.",
        "Respite care: we stand in for the family carer for a few hours or days, at home or in our centre.",
        "pn.–nd., po uzgodnieniu terminu",
    ),
    "telecare": (
        "Opaska bezpieczeństwa z przyciskiem SOS i czujnikiem upadku, całodobowe centrum alarmowe.",
        "A safety band with an SOS button and a fall sensor, a round-the-clock alarm centre.",
        "całodobowo, 7 dni w tygodniu",
    ),
    "day_centre": (
        "Dzienny dom pomocy: posiłki, zajęcia terapeutyczne, gimnastyka, opieka pielęgniarska, dowóz.",
        "Day care centre: meals, therapeutic activities, exercise, nursing care, transport.",
        "pn.–pt. 7:30–15:30",
    ),
    "residential_care": (
        "Całodobowa opieka w domu pomocy społecznej dla osób, które nie mogą już mieszkać samodzielnie.",
        "Round-the-clock residential care for people who can no longer live on their own.",
        "całodobowo",
    ),
    "sheltered_housing": (
        "Mieszkania wspomagane z asystentem, treningiem samodzielności i wsparciem w powrocie do społeczności.",
        "Supported flats with an assistant, independence training and support in returning to the community.",
        "całodobowo, asystent pn.–pt. 8:00–20:00",
    ),
    "nursing": (
        "Wizyty pielęgniarskie w domu: opatrunki, iniekcje, kontrola ciśnienia i cukru, edukacja rodziny.",
        "Nursing visits at home: dressings, injections, blood pressure and glucose checks, family education.",
        "pn.–sob. 7:00–19:00",
    ),
    "rehabilitation": (
        "Rehabilitacja ruchowa w domu i w gabinecie: kinezyterapia, fizykoterapia, nauka chodzenia.",
        "Physiotherapy at home and at our clinic: exercise therapy, physical therapy, walking training.",
        "pn.–pt. 8:00–18:00",
    ),
    "meals": (
        "Gorący obiad dwudaniowy z dowozem do domu, także diety: cukrzycowa, lekkostrawna, miksowana.",
        "A hot two-course lunch delivered home, also diabetic, light and pureed diets.",
        "pn.–nd., dowóz 11:00–14:00",
    ),
    "household_help": (
        "Sprzątanie, pranie, mycie okien, drobne naprawy i pomoc w utrzymaniu porządku w mieszkaniu.",
        "Cleaning, laundry, window washing, small repairs and help keeping the flat in order.",
        "pn.–pt. 8:00–18:00",
    ),
    "transport": (
        "Przewóz z opieką do lekarza, na rehabilitację i do urzędów, pojazd przystosowany dla wózków.",
        "Accompanied transport to doctors, therapy and offices, in a wheelchair-accessible vehicle.",
        "pn.–pt. 7:00–17:00, zamówienia z 2-dniowym wyprzedzeniem",
    ),
    "social_counselling": (
        "Poradnictwo socjalne: świadczenia, dodatki, sprawy urzędowe, pomoc w wypełnianiu wniosków.",
        "Social counselling: benefits, allowances, official matters, help with application forms.",
        "pn. 10:00–18:00, wt.–pt. 8:00–15:00",
    ),
    "psychological_support": (
        "Konsultacje psychologiczne i terapia krótkoterminowa dla dorosłych, dzieci i opiekunów rodzinnych.",
        "Psychological consultations and short-term therapy for adults, children and family carers.",
        "pn.–czw. 9:00–19:00",
    ),
    "crisis_intervention": (
        "Interwencja kryzysowa: natychmiastowe wsparcie w przemocy, żałobie, nagłej utracie domu lub pracy.",
        "Crisis intervention: immediate support in violence, bereavement, a sudden loss of home or work.",
        "całodobowy telefon, dyżur pn.–pt. 8:00–20:00",
    ),
    "family_support": (
        "Asystent rodziny pracuje z rodziną w domu: organizacja dnia, budżet, szkoła, kontakt z instytucjami.",
        "A family assistant works with the family at home: daily routine, budget, school, dealing with "
        "institutions.",
        "pn.–pt. 8:00–20:00, wg planu pracy z rodziną",
    ),
    "early_intervention": (
        "Wczesne wspomaganie rozwoju dzieci do 6 lat: logopeda, fizjoterapeuta, pedagog specjalny.",
        "Early intervention for children up to 6: speech therapist, physiotherapist, special educator.",
        "pn.–pt. 8:00–17:00",
    ),
    "senior_activation": (
        "Klub seniora: zajęcia ruchowe, komputerowe, pamięciowe, rękodzieło, spotkania i wycieczki.",
        "Senior club: exercise, computer and memory classes, crafts, meetings and outings.",
        "pn.–pt. 10:00–16:00",
    ),
    "leisure_activity": (
        "Zajęcia rekreacyjne: nordic walking nad morzem, joga, basen, wyjścia do teatru i muzeum.",
        "Leisure activities: Nordic walking by the sea, yoga, swimming pool, trips to the theatre and museum.",
        "wt. i czw. 10:00–13:00, wybrane soboty",
    ),
    "social_rehabilitation": (
        "Reintegracja społeczna: warsztaty umiejętności, trening pracy, wsparcie psychologa i doradcy.",
        "Social reintegration: skills workshops, work training, support from a psychologist and an adviser.",
        "pn.–pt. 8:00–15:00",
    ),
    "employment_support": (
        "Doradztwo zawodowe, trener pracy, pośrednictwo i staże u pracodawców z Trójmiasta.",
        "Career guidance, a job coach, placement and internships with Tricity employers.",
        "pn.–pt. 8:00–16:00",
    ),
    "shelter": (
        "Noclegownia i schronisko dla osób w kryzysie bezdomności, z posiłkiem i łaźnią.",
        "A night shelter and hostel for people experiencing homelessness, with a meal and showers.",
        "całodobowo, przyjęcia 18:00–22:00",
    ),
    "street_work": (
        "Streetworkerzy docierają do osób w kryzysie bezdomności: ciepła odzież, posiłek, wsparcie w wyjściu.",
        "Street workers reach people experiencing homelessness: warm clothes, food, help to move on.",
        "pn.–pt. 16:00–22:00, zimą codziennie",
    ),
    "legal_advice": (
        "Nieodpłatna pomoc prawna i poradnictwo obywatelskie, w tym w sprawach zadłużenia i eksmisji.",
        "Free legal advice and civic counselling, including debt and eviction cases.",
        "pn.–pt. 9:00–17:00, po zapisie telefonicznym",
    ),
    "interpretation": (
        "Tłumacz polskiego języka migowego towarzyszy w urzędzie, u lekarza i w sądzie.",
        "A Polish Sign Language interpreter accompanies clients to offices, doctors and court.",
        "pn.–pt. 8:00–18:00, po uzgodnieniu",
    ),
}

HEALTH_SENIOR = (
    "Nadciśnienie tętnicze, cukrzyca typu 2 na lekach doustnych.",
    "Stan po udarze (2 lata temu), niedowład prawostronny.",
    "Choroba zwyrodnieniowa stawów kolanowych, przewlekły ból.",
    "Niewydolność serca, obrzęki kończyn dolnych, kontrola w poradni kardiologicznej.",
    "Początki otępienia, zapomina o lekach i posiłkach.",
    "Choroba Parkinsona, drżenia, trudności z precyzyjnymi ruchami.",
    "Słabowidząca (zaćma obu oczu), oczekuje na zabieg.",
    "Stan po złamaniu szyjki kości udowej, porusza się z balkonikiem.",
    "POChP, duszność wysiłkowa.",
    "Niedosłuch, aparat słuchowy w jednym uchu.",
)
HEALTH_ADULT = (
    "Leczy się w poradni zdrowia psychicznego (depresja nawracająca).",
    "Uzależnienie od alkoholu, obecnie w abstynencji od 4 miesięcy.",
    "Stwardnienie rozsiane, okresowe rzuty choroby.",
    "Niepełnosprawność intelektualna w stopniu lekkim.",
    "Przewlekły ból kręgosłupa, orzeczenie o umiarkowanym stopniu niepełnosprawności.",
    "Schizofrenia paranoidalna, leczenie ambulatoryjne, stabilny.",
    "Padaczka, napady rzadkie, leczona.",
)
MOBILITY = (
    "Chodzi samodzielnie po mieszkaniu, na zewnątrz z laską.",
    "Porusza się z balkonikiem, nie wychodzi sama z domu.",
    "Porusza się na wózku, mieszkanie częściowo przystosowane.",
    "Leżąca, wymaga pomocy przy zmianie pozycji.",
    "Samodzielny, męczy się przy dłuższym chodzeniu.",
    "Chodzi o kulach, schody sprawiają dużą trudność.",
)
RISKS = (
    "Ryzyko upadków (dwa upadki w ostatnim roku).",
    "Mieszka sam, rzadkie kontakty z rodziną, ryzyko osamotnienia.",
    "Zadłużenie czynszowe, ryzyko eksmisji.",
    "Zgłoszenie o podejrzeniu przemocy w rodzinie (procedura Niebieskiej Karty w toku).",
    "Ryzyko niedożywienia, lodówka często pusta.",
    "Zimą niedogrzane mieszkanie (piec kaflowy).",
)
ACCESS_NOTES = (
    "Domofon nie działa — proszę zadzwonić na telefon, klient zejdzie otworzyć.",
    "Klucz do mieszkania u sąsiadki spod numeru 5.",
    "W mieszkaniu pies (spokojny), proszę uprzedzić telefonicznie.",
    "3. piętro bez windy.",
    "Proszę dzwonić dłużej — klient źle słyszy.",
    "Wejście od podwórza, klatka B.",
    "Córka prosi o informację SMS po każdej wizycie.",
    "Parter, podjazd dla wózka od strony parkingu.",
)
ACCESS_NOTES_HOMELESS = (
    "Osoba w kryzysie bezdomności — kontakt przez noclegownię przy ul. Janka Wiśniewskiego.",
    "Brak stałego adresu; kontakt przez streetworkera w czwartki.",
)

# referral source -> who referred, typically
REFERRERS: dict[str, tuple[str, ...]] = {
    "self": ("",),
    "family": ("córka", "syn", "żona", "mąż", "siostra", "wnuczka"),
    "hospital": ("Szpital Miejski w Gdyni, oddział wewnętrzny", "Szpital Morski, oddział neurologii",
                 "Lekarz rodzinny, przychodnia przy ul. Morskiej", "Poradnia Zdrowia Psychicznego"),
    "school": ("Szkoła Podstawowa nr 12, pedagog szkolny", "Przedszkole Samorządowe nr 3"),
    "police": ("Komisariat Policji Gdynia-Chylonia, dzielnicowy", "Komenda Miejska Policji w Gdyni"),
    "court": ("Sąd Rejonowy w Gdyni, III Wydział Rodzinny i Nieletnich",),
    "ngo": ("Bank Żywności w Trójmieście", "Stowarzyszenie Pomocy Osobom Bezdomnym", "Klub Abstynenta"),
    "social_worker": ("pracownik socjalny, zespół Chylonia", "pracownik socjalny, zespół Śródmieście",
                      "asystent rodziny"),
    "other": ("administracja osiedla", "parafia", "sąsiedzi"),
}
REFERRAL_REASONS_SENIOR = (
    "Po powrocie ze szpitala nie radzi sobie z codziennymi czynnościami, prosi o usługi opiekuńcze.",
    "Mieszka sama, coraz częściej zapomina o lekach; rodzina mieszka daleko.",
    "Prosi o dowóz obiadów i pomoc w sprzątaniu.",
    "Opiekun rodzinny (córka) jest przemęczony, prosi o opiekę wytchnieniową.",
    "Upadek w domu, leżała kilka godzin zanim ktoś przyszedł — prośba o teleopiekę.",
    "Chce wyjść z domu, szuka zajęć i towarzystwa (klub seniora).",
    "Potrzebuje transportu na rehabilitację i do poradni.",
)
REFERRAL_REASONS_ADULT = (
    "Długotrwale bezrobotny, prosi o wsparcie w powrocie do pracy.",
    "Po terapii odwykowej, potrzebuje wsparcia w reintegracji i mieszkaniu.",
    "Osoba z niepełnosprawnością prosi o asystencję osobistą.",
    "Rodzina z trójką dzieci w trudnej sytuacji, zaległości czynszowe, problemy szkolne dzieci.",
    "Utrata mieszkania, nocuje u znajomych.",
    "Kryzys psychiczny po śmierci partnera, prośba o wsparcie psychologiczne.",
    "Przemoc w rodzinie, potrzebna interwencja kryzysowa i pomoc prawna.",
)
REFERRAL_REASON_MIGRANT = "Osoba z Ukrainy, pomoc w sprawach urzędowych, nauce języka i znalezieniu pracy."

# life area -> (what an assessor writes at a high score, service types that answer it)
AREAS: dict[str, tuple[str, tuple[str, ...]]] = {
    "self_care": ("Potrzebuje pomocy przy myciu, ubieraniu i przygotowaniu posiłków.",
                  ("home_care", "personal_assistance", "meals")),
    "mobility": ("Nie wychodzi samodzielnie z domu, trudności z dojazdem do lekarza.",
                 ("transport", "rehabilitation")),
    "health": ("Wymaga regularnej kontroli stanu zdrowia i pomocy przy lekach.",
               ("nursing", "rehabilitation", "specialist_home_care")),
    "housing": ("Mieszkanie zaniedbane, trudności z utrzymaniem porządku; zagrożenie utratą lokalu.",
                ("household_help", "sheltered_housing", "shelter")),
    "finances": ("Zadłużenie, nie radzi sobie z rachunkami i wnioskami o świadczenia.",
                 ("social_counselling", "legal_advice")),
    "relations": ("Osamotnienie, rzadkie kontakty z rodziną i sąsiadami.",
                  ("senior_activation", "psychological_support", "family_support")),
    "employment_education": ("Bez pracy od ponad roku, brak aktualnych kwalifikacji.",
                             ("employment_support", "social_rehabilitation")),
    "safety": ("Ryzyko upadku lub zagrożenia bez możliwości wezwania pomocy.",
               ("telecare", "crisis_intervention")),
    "leisure": ("Brak zajęć poza domem, chciałby być aktywny.",
                ("leisure_activity", "senior_activation", "day_centre")),
}
ASSESSMENT_SUMMARIES = (
    "Klient chce jak najdłużej mieszkać we własnym mieszkaniu; najważniejsza pomoc w codziennych czynnościach.",
    "Główne potrzeby: bezpieczeństwo w domu i regularne posiłki. Rodzina wspiera w weekendy.",
    "Klient zmotywowany do zmiany, potrzebuje wsparcia w sprawach zawodowych i finansowych.",
    "Sytuacja stabilna, potrzebne wsparcie w utrzymaniu kontaktów społecznych.",
    "Wysokie potrzeby opiekuńcze, opiekun rodzinny przeciążony — pilne odciążenie.",
)
EXIT_SITUATIONS = {
    "goals_achieved": "Cele planu osiągnięte, klient funkcjonuje samodzielnie z pomocą rodziny.",
    "moved_away": "Przeprowadzka do rodziny poza Gdynią; przekazano informację do właściwego ośrodka.",
    "died": "Klient zmarł.",
    "refused": "Klient zrezygnował z dalszych usług.",
    "transferred": "Przyjęty do domu pomocy społecznej / przekazany do innej usługi.",
    "project_ended": "Zakończenie udziału w projekcie; klient podjął zatrudnienie.",
    "other": "Zakończenie współpracy z innych przyczyn.",
}
CONSENT_SCOPES = {
    "data_processing": "Przetwarzanie danych osobowych w celu realizacji usług społecznych (art. 6 ust. 1 lit. c i e RODO).",
    "special_category": "Przetwarzanie danych o stanie zdrowia i niepełnosprawności w zakresie niezbędnym do planu usług.",
    "sharing_with_providers": "Udostępnienie danych kontaktowych i informacji o dostępie realizatorom usług z planu.",
    "eu_project": "Udział w projekcie współfinansowanym z Europejskiego Funduszu Społecznego Plus (EFS+).",
    "contact_persons": "Kontakt z osobami wskazanymi przez klienta w sprawach usług.",
    "surveys": "Udział w ankietach satysfakcji z usług (dobrowolny).",
}
CONSENT_WITHDRAWAL_REASONS = ("Klient nie chce dalszego udziału w projekcie.", "Rezygnacja na prośbę rodziny.")
# relation -> the contact's sex (for the name), and how old they are relative to the client
RELATIONS_OF_SENIOR = (("córka", "female"), ("syn", "male"), ("wnuczka", "female"), ("wnuk", "male"),
                       ("sąsiadka", "female"), ("siostra", "female"), ("żona", "female"), ("mąż", "male"))
RELATIONS_OF_ADULT = (("matka", "female"), ("ojciec", "male"), ("siostra", "female"), ("brat", "male"),
                      ("partner", "male"), ("partnerka", "female"), ("kurator", "male"))

# --- plans ---------------------------------------------------------------------------------------

# (what the client wants to achieve, how progress is measured)
GOALS_SENIOR: tuple[tuple[str, str], ...] = (
    ("Pozostać bezpiecznie we własnym mieszkaniu.", "Brak upadków i hospitalizacji; ocena opiekunki co miesiąc."),
    ("Samodzielnie przygotowywać lekkie posiłki i regularnie jeść.", "Waga stabilna; dziennik posiłków."),
    ("Regularnie przyjmować leki zgodnie z zaleceniami.", "Kontrola dozownika przy każdej wizycie."),
    ("Wychodzić z domu co najmniej dwa razy w tygodniu.", "Liczba wyjść odnotowana przez opiekunkę."),
    ("Utrzymywać kontakt z ludźmi, nie czuć się samotnie.", "Udział w zajęciach klubu; rozmowa przy przeglądzie."),
    ("Poprawić sprawność po pobycie w szpitalu.", "Test wstawania z krzesła na początku i co 3 miesiące."),
    ("Odciążyć córkę w codziennej opiece.", "Liczba godzin opieki rodziny tygodniowo."),
)
GOALS_ADULT: tuple[tuple[str, str], ...] = (
    ("Znaleźć i utrzymać pracę.", "Umowa o pracę lub staż; 3 miesiące zatrudnienia."),
    ("Uregulować zadłużenie czynszowe.", "Porozumienie ze spółdzielnią; spłata rat."),
    ("Uzyskać stabilne mieszkanie.", "Przydział mieszkania lub najem."),
    ("Poprawić relacje w rodzinie i opiekę nad dziećmi.", "Ocena asystenta rodziny; frekwencja dzieci w szkole."),
    ("Utrzymać abstynencję i kontynuować terapię.", "Udział w terapii; brak interwencji policji."),
    ("Załatwić sprawy urzędowe i legalizację pobytu.", "Złożone wnioski; decyzja o pobycie."),
    ("Radzić sobie ze stresem i lękiem.", "Skala samopoczucia przy każdej sesji."),
)
PLAN_SUMMARIES_SENIOR = (
    "Wsparcie w codziennym funkcjonowaniu w domu, tak aby klient mógł pozostać w swoim środowisku.",
    "Opieka i aktywizacja po pobycie w szpitalu; odciążenie opiekuna rodzinnego.",
    "Zapewnienie posiłków, opieki i bezpieczeństwa osobie samotnie mieszkającej.",
)
PLAN_SUMMARIES_ADULT = (
    "Wyjście z kryzysu: mieszkanie, dochód, praca; wsparcie specjalistów.",
    "Reintegracja społeczna i zawodowa, wsparcie w sprawach urzędowych.",
    "Wsparcie rodziny w kryzysie, poradnictwo i praca asystenta.",
)
SUSPENSION_REASONS = (
    "Pobyt w szpitalu.",
    "Wyjazd do rodziny na kilka tygodni.",
    "Pobyt w zakładzie opiekuńczo-leczniczym na rehabilitacji.",
)
CANCELLATION_REASONS = (
    "Klient zrezygnował przed podpisaniem planu.",
    "Rodzina zapewniła opiekę we własnym zakresie.",
    "Klient przeprowadził się przed rozpoczęciem usług.",
)
REVIEW_NOTES = (
    "Klient zadowolony z usług, plan kontynuowany bez zmian.",
    "Stan zdrowia stabilny; rozmowa z opiekunką i rodziną.",
    "Postępy w realizacji celów; zwiększono częstotliwość wsparcia.",
    "Drobne uwagi do godzin wizyt, uzgodnione z realizatorem.",
)
PROGRESS_NOTES = (
    "Widoczna poprawa.",
    "Bez zmian, cel nadal aktualny.",
    "Cel w dużej mierze osiągnięty.",
    "Trudności zdrowotne spowolniły postępy.",
)
DISPUTE_REASONS = (
    "Klientka twierdzi, że wizyta trwała krócej.",
    "Rodzina zgłasza, że opiekunka nie przyszła tego dnia.",
    "Brak podpisu klienta na karcie usług.",
)
SERVICE_NOTES = ("Dzwonić domofonem dwa razy.", "Klient słabo słyszy — mówić wyraźnie.", "Klucz u sąsiadki spod 3.", "")

# --- volunteers ----------------------------------------------------------------------------------

# (name, hourly value in PLN: the in-kind contribution counted for the project)
ACTIVITY_TYPES: tuple[tuple[str, str], ...] = (
    ("Odwiedziny u osoby starszej", "31.40"),
    ("Pomoc w zakupach i sprawach urzędowych", "31.40"),
    ("Prowadzenie zajęć w klubie seniora", "45.00"),
    ("Korepetycje dla dzieci", "45.00"),
    ("Pomoc przy wydawaniu posiłków", "31.40"),
    ("Tłumaczenie (ukraiński, rosyjski)", "60.00"),
)
COMMUNITY_ACTIVITIES = (
    "Klub seniora — zajęcia czwartkowe",
    "Jadłodajnia — wydawanie obiadów",
    "Świetlica osiedlowa — odrabianie lekcji",
    "Punkt informacyjny dla uchodźców",
)
VOLUNTEER_SKILLS = ("rozmowa i towarzyszenie", "prawo jazdy kat. B", "pierwsza pomoc", "praca z dziećmi",
                    "język ukraiński", "język angielski", "gotowanie", "obsługa komputera", "zajęcia ruchowe")
AVAILABILITY = ("popołudnia w dni robocze", "weekendy", "wtorki i czwartki", "elastycznie, po uzgodnieniu")
AGREEMENT_SCOPES = (
    "Odwiedziny i towarzyszenie osobom starszym, pomoc w drobnych sprawach codziennych.",
    "Wsparcie zajęć w klubie seniora i wydarzeń środowiskowych.",
    "Pomoc w nauce dzieciom z rodzin objętych wsparciem.",
    "Pomoc przy organizacji jednorazowego wydarzenia (akcja zimowa).",
)
HOURS_NOTES = ("", "", "Spacer i rozmowa.", "Zakupy i apteka.", "Pomoc przy wypełnieniu wniosku.", "Zajęcia grupowe.")
