namespace Homelette.Seeder;

/// <summary>A street and the house numbers found on it.</summary>
internal sealed record Street(string Name, int FirstNumber, int LastNumber, bool Oceanside = false);

/// <summary>A place listings are spread around: centre, spread (km), ZIP codes and streets.</summary>
internal sealed record Area(
    string City,
    double Latitude,
    double Longitude,
    double SpreadKm,
    double MinLatitude,
    IReadOnlyList<string> ZipCodes,
    IReadOnlyList<Street> Streets);

/// <summary>The word pools the demo data is drawn from: UCSB-ish people and Isla Vista-ish places.</summary>
internal static class DemoData
{
    /// <summary>Demo accounts are recognised (and reset) by this email domain; .test is reserved, so no mail leaves.</summary>
    public const string EmailDomain = "seed.homelette.test";

    public const string Password = "homelette-demo";

    public static readonly string[] FirstNames =
    [
        "Maya", "Ethan", "Sofia", "Noah", "Olivia", "Liam", "Ava", "Mateo", "Isabella", "Lucas",
        "Mia", "Daniel", "Chloe", "Aiden", "Emily", "Jayden", "Priya", "Arjun", "Hannah", "Kai",
        "Leilani", "Diego", "Camila", "Nathan", "Grace", "Ryan", "Zoe", "Tyler", "Natalie", "Jordan",
        "Ananya", "Rohan", "Jasmine", "Marcus", "Valeria", "Julian", "Sarah", "Kevin", "Emma", "Andrew",
        "Mei", "Jun", "Yuna", "Min-jun", "Aaliyah", "Malik", "Fatima", "Omar", "Elena", "Gabriel",
        "Harper", "Logan", "Sophie", "Owen", "Madison", "Caleb", "Riley", "Cole", "Brooke", "Dylan",
        "Ximena", "Santiago", "Lucia", "Adrian", "Nadia", "Ali", "Hana", "Kenji", "Tessa", "Wyatt",
        "Ivy", "Ezra", "Naomi", "Miles", "Stella", "Theo", "Alana", "Nico", "Paige", "Sean",
    ];

    public static readonly string[] LastNames =
    [
        "Chen", "Nguyen", "Garcia", "Martinez", "Kim", "Patel", "Johnson", "Lopez", "Wong", "Smith",
        "Hernandez", "Lee", "Brown", "Gonzalez", "Tran", "Rodriguez", "Park", "Singh", "Davis", "Wilson",
        "Flores", "Anderson", "Ramirez", "Liu", "Taylor", "Thomas", "Sanchez", "Moore", "Cruz", "Jackson",
        "Shah", "Reyes", "Huang", "Martin", "Torres", "Nakamura", "White", "Rivera", "Harris", "Yamamoto",
        "Clark", "Gupta", "Lewis", "Castillo", "Walker", "Morales", "Hall", "Zhang", "Young", "Ortiz",
        "Allen", "Kaur", "King", "Wright", "Scott", "Mendoza", "Green", "Baker", "Adams", "Nelson",
        "Hill", "Campbell", "Mitchell", "Roberts", "Carter", "Phillips", "Evans", "Turner", "Diaz", "Parker",
    ];

    public static readonly string[] Majors =
    [
        "Computer Science", "Economics", "Psychological & Brain Sciences", "Communication", "Biology",
        "Mechanical Engineering", "Chemical Engineering", "Electrical Engineering", "Computer Engineering",
        "Environmental Studies", "Political Science", "Sociology", "Film & Media Studies", "Mathematics",
        "Physics", "Statistics & Data Science", "History", "English", "Global Studies", "Aquatic Biology",
        "Ecology & Evolution", "Chemistry", "Biochemistry", "Economics & Accounting", "Philosophy",
        "Linguistics", "Anthropology", "Geography", "Art", "Music", "Theater", "Dance", "Earth Science",
        "Pharmacology", "Cell & Developmental Biology", "Spanish", "Religious Studies", "Feminist Studies",
        "Chicana & Chicano Studies", "Asian American Studies", "Black Studies", "Hydrologic Sciences",
    ];

    public static readonly string[] AboutMe =
    [
        "Third-year {major} student. I surf most mornings and cook too much pasta.",
        "{major} major, usually at the library or at Campus Point.",
        "Grad student in {major}. Quiet, tidy, early riser.",
        "I play club soccer and work at the Arbor. {major} major.",
        "Studying {major}; I love hiking Douglas Family Preserve and farmers' markets.",
        "Transfer student in {major}. Looking for chill roommates.",
        "{major} major who bikes everywhere. Plants > people.",
    ];

    public static readonly Area IslaVista = new(
        "Isla Vista",
        34.4133,
        -119.8610,
        SpreadKm: 1.1,
        MinLatitude: 34.4085,
        ["93117"],
        [
            new("Del Playa Dr", 6500, 6899, Oceanside: true),
            new("Sabado Tarde Rd", 6500, 6899),
            new("Trigo Rd", 6500, 6899),
            new("Pasado Rd", 6500, 6899),
            new("Embarcadero del Norte", 800, 999),
            new("Embarcadero del Mar", 800, 999),
            new("El Colegio Rd", 6500, 6899),
            new("Seville Rd", 6500, 6799),
            new("Madrid Rd", 6500, 6799),
            new("Cordoba Rd", 6500, 6799),
            new("Camino Pescadero", 700, 899),
            new("Camino del Sur", 700, 899),
            new("Camino Corto", 700, 899),
            new("Camino Majorca", 700, 899),
            new("El Greco Rd", 6600, 6799),
            new("Abrego Rd", 6600, 6799),
            new("Picasso Rd", 6600, 6799),
            new("Segovia Rd", 6500, 6799),
            new("Sueno Rd", 6500, 6799),
            new("Cervantes Rd", 6500, 6799),
            new("Estero Rd", 6600, 6799),
            new("Fortuna Rd", 6600, 6799),
        ]);

    public static readonly Area Goleta = new(
        "Goleta",
        34.4358,
        -119.8276,
        SpreadKm: 1.6,
        MinLatitude: 34.4110,
        ["93117", "93111"],
        [
            new("Hollister Ave", 5000, 7499),
            new("Storke Rd", 300, 899),
            new("Calle Real", 5000, 7499),
            new("Los Carneros Rd", 100, 799),
            new("Fairview Ave", 100, 599),
            new("Cathedral Oaks Rd", 5000, 6999),
            new("Pacific Oaks Rd", 6700, 6899),
            new("Encina Rd", 5800, 5999),
            new("Mandarin Dr", 100, 299),
            new("Glen Annie Rd", 100, 599),
        ]);

    public static readonly Area SantaBarbara = new(
        "Santa Barbara",
        34.4208,
        -119.6982,
        SpreadKm: 1.8,
        MinLatitude: 34.4030,
        ["93101", "93103", "93105", "93109"],
        [
            new("State St", 100, 3999),
            new("De la Vina St", 100, 2999),
            new("Anacapa St", 100, 2499),
            new("Chapala St", 100, 1999),
            new("Bath St", 100, 2499),
            new("Castillo St", 100, 1999),
            new("Mission St", 100, 499),
            new("Micheltorena St", 100, 599),
            new("Milpas St", 100, 1199),
            new("Cabrillo Blvd", 100, 1799, Oceanside: true),
            new("Cliff Dr", 1000, 1999, Oceanside: true),
            new("Mesa Ln", 1000, 1999),
        ]);

    public static readonly string[] Adjectives =
    [
        "Sunny", "Cozy", "Spacious", "Bright", "Remodeled", "Quiet", "Beachside", "Charming", "Airy", "Modern",
    ];

    public static readonly string[] Seasons = ["Fall", "Winter", "Spring", "Summer"];

    public static readonly string[] Nearby =
    [
        "the IV Food Co-op", "Freebirds", "Woodstock's Pizza", "Sam's To Go", "Anisq'Oyo' Park", "the Loop",
        "Campus Point", "the bike path", "the Pardall bus stop", "Storke Tower", "Devereux Slough",
    ];

    /// <summary>Sentences for any listing.</summary>
    public static readonly string[] Sentences =
    [
        "Roommates are friendly {major} students who keep the place clean.",
        "Quiet building; no parties on weeknights.",
        "The kitchen was remodeled last year and has a dishwasher.",
        "Lots of natural light and a big closet.",
        "Bike storage in the back and easy street parking.",
        "Lease takeover possible after the sublet ends.",
        "Utilities are split evenly between everyone.",
        "Message me with any questions or to set up a video tour!",
        "Small backyard with a grill and a hammock.",
    ];

    /// <summary>Sentences for a listing in Isla Vista.</summary>
    public static readonly string[] IslaVistaSentences =
    [
        "Walking distance to campus and the beach.",
        "About {minutes} minutes by bike to class.",
        "Close to {nearby} and {nearby2}.",
        "Right in the middle of IV: everything is a short walk away.",
    ];

    /// <summary>Sentences for a listing in Goleta.</summary>
    public static readonly string[] GoletaSentences =
    [
        "About {minutes} minutes by bike to UCSB on the bike path.",
        "Close to Camino Real Marketplace and the Goleta train station.",
        "Quieter than IV, still a short bus ride to campus.",
    ];

    /// <summary>Sentences for a listing in Santa Barbara.</summary>
    public static readonly string[] SantaBarbaraSentences =
    [
        "The bus to UCSB stops around the corner; about {minutes} minutes to campus by car.",
        "Walk to State Street, the Funk Zone and the farmers' market.",
        "Ten minutes from the beach and the harbor.",
    ];
}
