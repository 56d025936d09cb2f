"""What the practitioners write once a concern becomes work: assessments (My World Triangle, the
views of the child and the parents), plan objectives and actions per indicator, review progress."""

from __future__ import annotations

from dataclasses import dataclass

from app.domain.vocabulary import Indicator

I = Indicator  # noqa: E741


@dataclass(frozen=True)
class Area:
    """One My World Triangle area: its code, strengths and needs."""

    code: str
    strengths: str
    needs: str


@dataclass(frozen=True)
class CaseFile:
    child_views: str
    parents_views: str
    summary: str
    # One area per side of the triangle: how I grow, what I need from carers, my wider world.
    triangle: tuple[Area, Area, Area]
    progress: str = ""  # what the plan's review says
    # The supervisor returned the complex assessment once, for this reason, before approving it.
    return_reason: str | None = None
    completion: str = ""  # what the lead added before submitting it again
    # False: the complex assessment is still a draft when the story stops at that stage.
    complex_submitted: bool = True


@dataclass(frozen=True)
class Step:
    organisation: str  # key of a Călărași organisation
    professional: str  # demo user key
    description: str
    service: str | None = None


@dataclass(frozen=True)
class Goal:
    objective: str
    outcome: str
    steps: tuple[Step, ...]


_SUPPORT = "Serviciul de sprijin familial (sprijin secundar)"

GOALS: dict[Indicator, Goal] = {
    I.SAFE: Goal(
        "Copilul este ferit de violență și știe cui să ceară ajutor.",
        "Nicio situație de violență în trei luni; copilul numește două persoane de încredere.",
        (
            Step(
                "school",
                "designated_person",
                "Urmărirea zilnică a stării copilului; anunțarea imediată a asistentului social "
                "la orice semn de violență.",
            ),
            Step(
                "police",
                "police_officer",
                "Verificarea respectării ordinului de protecție; vizite de prevenire la domiciliu.",
            ),
            Step(
                "mayoralty",
                "social_worker",
                "Vizite săptămânale la domiciliu și consiliere pentru părinți.",
                _SUPPORT,
            ),
        ),
    ),
    I.HEALTHY: Goal(
        "Copilul primește îngrijirea medicală de care are nevoie și mănâncă hrănitor.",
        "Controalele profilactice la zi; greutatea în limitele normale.",
        (
            Step(
                "clinic",
                "family_doctor",
                "Examen medical complet, apoi consultații de urmărire o dată pe lună.",
            ),
            Step("school", "designated_person", "Masă caldă gratuită la cantina școlii."),
            Step(
                "kindergarten",
                "educator",
                "Meniu adaptat și urmărirea greutății la grădiniță.",
            ),
        ),
    ),
    I.ACHIEVING: Goal(
        "Copilul frecventează regulat școala și recuperează materia.",
        "Sub 5 ore de absențe nemotivate pe lună; note de trecere la toate disciplinele.",
        (
            Step(
                "school",
                "class_teacher",
                "Ore de recuperare la matematică și limba română, de două ori pe săptămână.",
            ),
        ),
    ),
    I.NURTURED: Goal(
        "Copilul are un adult de încredere care îl îngrijește zi de zi.",
        "Îngrijirea zilnică asigurată; copilul spune că se simte îngrijit acasă.",
        (
            Step(
                "mayoralty",
                "social_worker",
                "Consiliere parentală și ajutor bănesc pentru familie.",
                _SUPPORT,
            ),
            Step(
                "clinic",
                "family_doctor",
                "Vizită lunară la domiciliu a asistentei medicale de familie.",
            ),
        ),
    ),
    I.ACTIVE: Goal(
        "Copilul face sport și se joacă cu alți copii.",
        "Participă în fiecare săptămână la un cerc sau la o secție sportivă.",
        (
            Step(
                "school",
                "class_teacher",
                "Înscrierea la secția de fotbal sau la cercul de dans al școlii.",
            ),
        ),
    ),
    I.RESPECTED: Goal(
        "Copilul este ascultat și ia parte la deciziile care îl privesc.",
        "Opinia copilului este consemnată la fiecare revizuire a planului.",
        (
            Step(
                "school",
                "designated_person",
                "Întâlniri lunare ale copilului cu psihologul școlar, fără părinți de față.",
            ),
            Step(
                "clinic",
                "family_doctor",
                "Consiliere la psihologul Centrului de Sănătate Prietenos Tinerilor.",
                "Centrul de Sănătate Prietenos Tinerilor",
            ),
            Step(
                "mayoralty",
                "social_worker",
                "Ședințe de mediere în familie, o dată la două săptămâni.",
                "Serviciul de sprijin familial (sprijin primar)",
            ),
        ),
    ),
    I.RESPONSIBLE: Goal(
        "Adolescentul își asumă responsabilități potrivite vârstei, cu supravegherea părinților.",
        "Nicio nouă abatere semnalată de poliție în trei luni.",
        (
            Step("police", "police_officer", "Discuții de prevenire cu inspectorul pentru minori."),
            Step(
                "school",
                "class_teacher",
                "Implicarea în consiliul elevilor și în voluntariatul școlii.",
            ),
        ),
    ),
    I.INCLUDED: Goal(
        "Copilul este acceptat de colegi și ia parte la viața clasei sau a grupei.",
        "Copilul spune că are cel puțin doi prieteni în clasă sau în grupă.",
        (
            Step(
                "school",
                "designated_person",
                "Ore de dirigenție despre respect și diversitate; sprijinul psihologului școlar.",
            ),
            Step(
                "kindergarten",
                "educator",
                "Activități de grup adaptate; un însoțitor în primele luni.",
            ),
            Step(
                "mayoralty",
                "social_worker",
                "Actele pentru prestațiile sociale la care familia are dreptul.",
                "Ajutor social (Legea 133/2008)",
            ),
        ),
    ),
}

CASE_FILES: dict[str, CaseFile] = {
    "grandmother": CaseFile(
        child_views="Vrea să rămână cu bunica; ar vrea ajutor la teme și pe cineva care s-o "
        "ajute pe bunica.",
        parents_views="Mama (pe Viber): nu pot reveni acum, trimitem bani lunar; suntem de acord "
        "ca bunica să fie tutore.",
        summary="Copil îngrijit cu dragoste, dar bunica nu mai face față; lipsește un "
        "reprezentant legal în țară.",
        triangle=(
            Area("learning", "Citește mult, îi place literatura.", "Ajutor la matematică."),
            Area(
                "everyday_care",
                "Bunica este caldă și atentă.",
                "Bunica, bolnavă, nu mai poate face cumpărături și mâncare.",
            ),
            Area("money", "Părinții trimit bani lunar.", "Banii nu ajung pentru medicamente."),
        ),
    ),
    "father_drinks": CaseFile(
        child_views="Vrea să stea cu tata, dar tata să nu mai bea; îi e dor de mama.",
        parents_views="Tatăl recunoaște că bea de când a plecat soția; vrea ajutor ca să nu-i fie "
        "luat copilul.",
        summary="Neglijarea îngrijirii zilnice, legată de consumul de alcool al tatălui; tatăl "
        "acceptă să colaboreze.",
        triangle=(
            Area("health", "Sănătos, fără boli cronice.", "A slăbit; control medical restant."),
            Area(
                "everyday_care",
                "Tatăl îl iubește și îl duce la școală când e treaz.",
                "Mese regulate, haine curate, igienă.",
            ),
            Area("housing", "Casă proprie.", "Două camere neîncălzite; fără lemne de iarnă."),
        ),
    ),
    "disability": CaseFile(
        return_reason=(
            "Lipsesc opinia mamei despre însoțitor și evaluarea accesibilității locuinței; "
            "completați, vă rog, și retrimiteți."
        ),
        completion="Mama vrea un însoțitor doar în primele luni. Locuința: parter, fără praguri; "
        "baia trebuie adaptată.",
        child_views="Se bucură la grădiniță; spune „vreau la copii”.",
        parents_views="Mama vrea ca fetița să meargă la grădiniță și la recuperare; are nevoie de "
        "ajutor cu drumul și cu banii.",
        summary="Nevoi mari de sănătate și de incluziune; mama este implicată și iubitoare; "
        "lipsesc reabilitarea și sprijinul financiar.",
        triangle=(
            Area(
                "health",
                "Merge cu sprijin; mănâncă singură.",
                "Kinetoterapie de două ori pe săptămână; consult la neurolog.",
            ),
            Area(
                "family_support",
                "Bunica ajută în weekend.",
                "Mama este singură și epuizată; are nevoie de răgaz.",
            ),
            Area(
                "local_resources",
                "Grădinița din cartier are sala de grupă la parter.",
                "Însoțitor la grădiniță; transport la centrul de reabilitare.",
            ),
        ),
    ),
    "belt": CaseFile(
        child_views="Vrea să rămână acasă cu mama și cu sora; vrea ca tata să nu mai bea și să nu "
        "mai dea în el.",
        parents_views="Mama susține ordinul de protecție și cere consiliere. Tatăl neagă că l-a "
        "lovit, dar acceptă tratamentul pentru alcool.",
        summary="Violență fizică din partea tatălui, pe fondul consumului de alcool; mama este "
        "protectoare. Risc ridicat, gestionabil cu ordin de protecție și sprijin.",
        triangle=(
            Area(
                "confidence",
                "Are prieteni în clasă; e bun la sport.",
                "Frică, somn agitat; are nevoie de consiliere.",
            ),
            Area(
                "keeping_me_safe",
                "Mama îl apără și a cerut ordin de protecție.",
                "Tatăl locuiește aproape; respectarea ordinului trebuie urmărită.",
            ),
            Area(
                "school", "Școala l-a văzut și l-a ascultat imediat.", "Recuperare la matematică."
            ),
        ),
        progress="Ordinul de protecție este respectat; copilul doarme mai bine și nu mai lipsește. "
        "Tatăl a început tratamentul.",
    ),
    "runaway": CaseFile(
        child_views="Vrea să fie ascultată acasă și să poată ieși cu prietenele până la ora 21.",
        parents_views="Mama vrea să o înțeleagă; tatăl vitreg acceptă medierea, dar cere reguli "
        "clare.",
        summary="Conflict în familia reconstituită; adolescenta se simte respinsă. Risc când "
        "fuge, dar familia este deschisă la mediere.",
        triangle=(
            Area(
                "relationships",
                "O prietenă apropiată și o dirigintă în care are încredere.",
                "Se simte respinsă de tatăl vitreg.",
            ),
            Area(
                "understanding_me",
                "Mama vrea să o înțeleagă.",
                "Reguli negociate împreună; timp numai cu mama.",
            ),
            Area(
                "friends_and_community",
                "Merge la cercul de teatru.",
                "Prieteni mai mari, din afara școlii.",
            ),
        ),
        progress="Nicio fugă de acasă în ultima lună; regulile convenite sunt respectate; relația "
        "cu tatăl vitreg este încă rece.",
    ),
    "dropout": CaseFile(
        child_views="Vrea să termine clasa a IX-a și să învețe o meserie, fără să lase familia "
        "fără ajutor.",
        parents_views="Tatăl, fără loc de muncă, ar vrea să lucreze; mama vrea ca băiatul să "
        "învețe.",
        summary="Sărăcie; munca la vie îl ține departe de școală. Familie caldă și motivată.",
        triangle=(
            Area(
                "learning",
                "Bun la matematică și la lucrul practic.",
                "Recuperarea materiei din semestrul I.",
            ),
            Area("guidance", "Părinții îl sprijină să învețe.", "Orientare profesională."),
            Area(
                "money",
                "Părinții lucrează cu ziua.",
                "Ajutor social; un loc de muncă pentru tată.",
            ),
        ),
        progress="Familia primește ajutor social; tatăl lucrează sezonier; băiatul nu mai lipsește "
        "și a încheiat semestrul cu note de trecere.",
    ),
    "witness": CaseFile(
        complex_submitted=False,
        child_views="Îi e frică de bărbatul care a lovit-o pe mama; vrea să stea cu mama și cu "
        "pisica.",
        parents_views="Mama nu vrea să se mai întoarcă la concubin; cere ajutor pentru o locuință.",
        summary="Copilul a fost martor la violență în familie; mama este protectoare. Agresorul "
        "este reținut; e nevoie de siguranță, consiliere și locuință.",
        triangle=(
            Area("confidence", "Vorbește deschis cu mama.", "Tresare la zgomote; consiliere."),
            Area(
                "keeping_me_safe",
                "Mama a sunat la 112 și a cerut ajutor.",
                "Ordin de protecție; o locuință sigură.",
            ),
            Area("housing", "Stau temporar la o vecină.", "O locuință; mama nu are venit."),
        ),
    ),
}


# Routine monitoring notes, for the background population.
OBSERVATION_NOTES = (
    "Progres bun; participă activ la ore.",
    "Se integrează bine în colectiv.",
    "Obosit în ultimele zile; de urmărit.",
    "Control profilactic fără probleme; vaccinări la zi.",
    "Absențe motivate (gripă); recuperează materia.",
    "Timid, dar lucrează bine în grupuri mici.",
    None,
)
