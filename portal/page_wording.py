"""The information pages' wording as published, passage by passage: seed_llep loads it into
PageText (portal/pagetext.py renders it). Keys name the passage's place on its page."""

PAGES = {
    "home": [
        ("span_1", "Leicester and Leicestershire Enterprise Partnership (LLEP)"),
        ("title", "Have your say on the Local Industrial Strategy"),
        (
            "p_1",
            "The LLEP Board has agreed to develop a Local Industrial Strategy Prospectus by the summer of {prospectus_year}.",
        ),
        (
            "p_2",
            "To help develop the Prospectus, the LLEP would like to hear your views on what you think are the key challenges, priorities and interventions needed to improve local growth and productivity.",
        ),
        (
            "p_3",
            "The Prospectus will be sector focused and will demonstrate local strengths and opportunities. It will be used as the basis of further discussions with Government around the development of a full Local Industrial Strategy for Leicester and Leicestershire.",
        ),
        ("h2_1", "Get involved"),
        ("h3_1", "Book a round table"),
        ("h3_2", "Take the survey"),
        (
            "p_4",
            "A short survey that can be completed online. The survey will be open until {survey_closes}. You can save your answers and come back later.",
        ),
        (
            "p_5",
            "A short survey that can be completed online. It opens at {survey_opens} and will be open until {survey_closes_date}.",
        ),
        ("p_6", "[About the survey](survey:start)"),
        ("p_7", "The survey closed at {survey_closes}. Thank you to everyone who took part."),
        (
            "p_8",
            "We are also developing a short survey that can be completed online. The link will be added here as soon as the survey goes live.",
        ),
        ("h2_2", "About the strategy"),
        ("li_1", "[What is the Industrial Strategy?](portal:industrial_strategy)"),
        ("li_2", "[What are Local Industrial Strategies?](portal:local_strategies)"),
        ("li_3", "[What is happening in Leicester and Leicestershire?](portal:leicester)"),
        ("li_4", "[How can I get involved?](portal:get_involved)"),
        ("li_5", "[Downloads](portal:downloads)"),
    ],
    "industrial-strategy": [
        ("span_1", "Local Industrial Strategy"),
        ("title", "What is the Industrial Strategy?"),
        (
            "p_1",
            "The aim of the Industrial Strategy is to create an economy that boosts productivity and earning power throughout the UK.",
        ),
        (
            "p_2",
            "It is a long-term plan that provides a policy framework against which major private and public sector investment decisions can be made.",
        ),
        ("h2_1", "The five foundations of productivity"),
        (
            "p_3",
            "The Industrial Strategy is based around five foundations of productivity. These are:",
        ),
        ("h2_2", "The four Grand Challenges"),
        (
            "p_4",
            "In addition, four Grand Challenges have also been included to put the UK at the forefront of the industries of the future. These are:",
        ),
        (
            "p_5",
            "The Grand Challenges are an invitation to business, academia and civil society to work together to innovate and develop new technologies and industries in areas of strategic importance to the UK.",
        ),
        (
            "p_6",
            "Further information on the Industrial Strategy can be found at: [GOV.UK: the UK’s Industrial Strategy](https://www.gov.uk/government/topical-events/the-uks-industrial-strategy).",
        ),
    ],
    "local-strategies": [
        ("span_1", "Local Industrial Strategy"),
        ("title", "What are Local Industrial Strategies?"),
        (
            "p_1",
            "Local Industrial Strategies are plans that will strengthen local economic growth and productivity and reduce regional disparities.",
        ),
        (
            "p_2",
            "They will identify priorities to improve skills, increase innovation and enhance infrastructure and business growth.",
        ),
        (
            "p_3",
            "They will also guide the use of local funding streams as well as funding devolved down to local areas from national schemes.",
        ),
        (
            "p_4",
            "Local Industrial Strategies will be long-term, based on clear evidence and aligned to the national Industrial Strategy.",
        ),
        (
            "p_5",
            "They will identify local strengths and challenges, future opportunities and the action needed to boost productivity, earning power and competitiveness.",
        ),
        (
            "p_6",
            "The Government intends to agree the first Local Industrial Strategies by March 2019 and will prioritise areas with the potential to drive wider regional growth, focusing on clusters of expertise and centres of economic activity.",
        ),
    ],
    "leicester": [
        ("span_1", "Local Industrial Strategy"),
        ("title", "What is happening in Leicester and Leicestershire?"),
        (
            "p_1",
            "Within Leicester and Leicestershire, the development of the Local Industrial Strategy is being led by the Leicester and Leicestershire Enterprise Partnership (LLEP).",
        ),
        (
            "p_2",
            "The LLEP Board has agreed to develop a Local Industrial Strategy Prospectus by the summer of {prospectus_year}.",
        ),
        (
            "p_3",
            "This will then be used as the basis of further discussions with Government around the development of a full Local Industrial Strategy for Leicester and Leicestershire.",
        ),
        ("h2_1", "The Prospectus"),
        (
            "p_4",
            "The Prospectus will be a concise document and will focus on four or five key defining ambitions that:",
        ),
        ("li_1", "Represent the distinctiveness of Leicester and Leicestershire."),
        ("li_2", "Are based on sector and place strengths."),
        ("li_3", "Reflect cross-border partnership growth opportunities."),
        ("li_4", "Are strategic and long-term."),
        ("li_5", "Are co-produced with Government departments, MPs and ministers."),
        ("li_6", "Are evidence based."),
        (
            "li_7",
            "Reflect the ambitions of the national Industrial Strategy and Midlands Engine Vision for Growth",
        ),
        (
            "p_5",
            "The Prospectus will be sector focused and will demonstrate local strengths and opportunities.",
        ),
        (
            "p_6",
            "It will be aligned to the Industrial Strategy’s [five foundations of productivity](portal:industrial_strategy#foundations) and [four Grand Challenges](portal:industrial_strategy#grand-challenges) and will focus on growth, productivity and sectors of national importance.",
        ),
        ("h2_2", "The five sectors"),
        (
            "p_7",
            "Five sectors have been agreed by the Board for inclusion in the Prospectus. These are:",
        ),
        (
            "p_8",
            "Each sector has a round table discussion. [Find out how to get involved](portal:get_involved).",
        ),
    ],
    "get-involved": [
        ("span_1", "Local Industrial Strategy"),
        ("title", "How can I get involved?"),
        (
            "p_1",
            "To help develop the Prospectus, the LLEP would like to hear your views on what you think are the key challenges, priorities and interventions needed to improve local growth and productivity.",
        ),
        ("h2_1", "Round table discussions"),
        (
            "p_2",
            "The LLEP is hosting five round table discussion events during {round_tables_week}. If you would like to participate please click the booking link of the round table discussion you would like to join.",
        ),
        ("caption_1", "The five round table discussions"),
        ("p_3", "The round table discussions have not been announced yet."),
        ("h2_2", "The survey"),
        (
            "p_4",
            "The LLEP has also developed a short survey that can be completed online. The survey will be open until {survey_closes}.",
        ),
        ("p_5", "You can save your answers and come back to finish them later."),
        (
            "p_6",
            "We are also developing a short survey that can be completed online. The link will be added here as soon as the survey goes live. The survey will be open until {survey_closes_date}.",
        ),
        ("p_7", "The survey opens at {survey_opens}."),
        (
            "p_8",
            "The survey was open until {survey_closes} and is now closed. Thank you to everyone who took part.",
        ),
        (
            "p_9",
            "We are also developing a short survey that can be completed online. The link will be added here as soon as the survey goes live.",
        ),
        ("h2_3", "Other ways to respond"),
        (
            "p_10",
            "If you cannot use the online survey or come to a round table, email your views to [{staff_email}](mailto:{staff_email}) and the LLEP will include them.",
        ),
    ],
    "privacy": [
        ("title", "Privacy notice"),
        (
            "p_1",
            "This notice explains what personal data the Leicester and Leicestershire Enterprise Partnership (LLEP) collects through this consultation portal, why, and what your rights are.",
        ),
        ("h2_1", "Who we are"),
        (
            "p_2",
            "The LLEP is the data controller for the personal data collected here. You can contact us about your data by emailing [{staff_email}](mailto:{staff_email}).",
        ),
        ("h2_2", "What we collect"),
        ("h3_1", "When you book a round table"),
        (
            "p_3",
            "Your name, email address, organisation and job title, and anything you tell us about access or dietary needs. We record whether your place is confirmed, on the waiting list or cancelled, and whether you attended.",
        ),
        ("h3_2", "When you take the survey"),
        (
            "p_4",
            "Your answers. You may also choose to give your name, email address, organisation, sector and where you are based; these are optional. If you save your answers to come back later, we keep them, and the email address you give us to send you a link to them, until you submit or the survey closes.",
        ),
        (
            "p_5",
            "To protect the survey from automated abuse we count submissions from each internet address for one hour. We do not store the address with your answers.",
        ),
        ("h3_3", "If you work for the LLEP"),
        (
            "p_6",
            "For staff and board accounts: your name, email address, username, role, and when you signed in. Failed sign-in attempts (the username tried, the internet address and the browser) are kept to lock out password guessing, and deleted once the lock has passed and, at the latest, with the rest of the personal data at the end of the retention period.",
        ),
        ("h3_4", "When you visit any page"),
        (
            "p_7",
            "Like most websites, our servers record each request (your internet address, the page and the time) in logs that keep the service secure and working. These logs are deleted after 30 days.",
        ),
        ("h2_3", "Why we collect it"),
        (
            "li_1",
            "to run the round table discussions: confirm your place, send you reminders and joining details, offer places from the waiting list and meet your access needs",
        ),
        (
            "li_2",
            "to understand the views of businesses, organisations and people in Leicester and Leicestershire and use them as evidence in the Local Industrial Strategy Prospectus",
        ),
        (
            "li_3",
            "to quote what you said, without your name, in the Prospectus, but only if you agree",
        ),
        ("li_4", "to contact you about the Local Industrial Strategy, but only if you agree"),
        (
            "li_12",
            "to email you once when the results of the consultation are published, but only if you ask us to (in the survey or when you book a round table); we use your email address for nothing else",
        ),
        (
            "li_13",
            "to publish the results: what people said, including anonymised answers of those who agreed to be quoted, as open data anyone may reuse",
        ),
        ("li_5", "to give LLEP staff and the LLEP Board secure access to run the consultation"),
        ("h2_4", "Our lawful basis"),
        (
            "p_8",
            "We process your personal data because it is necessary to perform a task carried out in the public interest: developing the Local Industrial Strategy for Leicester and Leicestershire with Government (UK GDPR Article 6(1)(e), public task).",
        ),
        (
            "p_9",
            "We quote your answers and contact you afterwards only with your consent (UK GDPR Article 6(1)(a)). You can withdraw your consent at any time by emailing [{staff_email}](mailto:{staff_email}).",
        ),
        (
            "p_10",
            "If you tell us about access or dietary needs, this may reveal information about your health or beliefs. We use it only to make the round table accessible to you, with your explicit consent (UK GDPR Article 9(2)(a)).",
        ),
        ("h2_5", "Who we share it with"),
        (
            "p_11",
            "We do not sell your data or share it for marketing. Round table venues may receive attendee names for signing in. The Prospectus, which goes to the LLEP Board and to Government, contains summaries of the evidence and anonymised quotes only. When the results are published, we publish the answers of people who agreed to be quoted, after LLEP staff have read them and removed any personal information, with the sector, the type of respondent and, only for someone who answered on behalf of an organisation, its name. We never publish names, email addresses or job titles. This open data is published under the Open Government Licence, so anyone may reuse it. If you ask us to erase your data, your answers are removed from the published results and data too. Our hosting and email providers process data on our behalf, under contract.",
        ),
        ("h2_6", "How long we keep it"),
        (
            "p_12",
            "We keep bookings, survey responses that include personal details, and unsubmitted survey answers for {retention_days} days after the consultation closes. After that we delete the personal details and keep only anonymised answers and counts as evidence for the Prospectus.",
        ),
        (
            "p_13",
            "Staff accounts are kept while the person works on the consultation and removed when they leave.",
        ),
        ("h2_7", "Your rights"),
        ("p_14", "You have the right to:"),
        ("li_6", "ask for a copy of the personal data we hold about you"),
        ("li_7", "ask us to correct anything that is wrong"),
        ("li_8", "ask us to delete your data"),
        ("li_9", "ask us to restrict how we use your data"),
        ("li_10", "object to us using your data"),
        ("li_11", "withdraw your consent, where we rely on it"),
        (
            "p_15",
            "To use any of these rights, email [{staff_email}](mailto:{staff_email}). We will reply within one month.",
        ),
        ("h2_8", "How to complain"),
        (
            "p_16",
            "If you are unhappy with how we have used your data, contact us first at [{staff_email}](mailto:{staff_email}).",
        ),
        ("p_17", "You can also complain to the Information Commissioner’s Office (ICO):"),
        ("p_18", "Helpline: 0303 123 1113"),
        ("p_19", "Website: [ico.org.uk/make-a-complaint](https://ico.org.uk/make-a-complaint/)"),
        ("h2_9", "Cookies"),
        (
            "p_20",
            "This portal uses only the cookies it needs to work. It does not use analytics, advertising or tracking cookies. Because every cookie is essential, you are not asked to accept them and there is no cookie banner.",
        ),
        ("caption_1", "Cookies this portal sets"),
        (
            "td_1",
            "Protects the forms you fill in (booking and survey) from being sent by another website",
        ),
        ("td_2", "1 year"),
        (
            "td_3",
            "Remembers your survey answers in progress as you move from one part of the survey to the next, and keeps LLEP staff signed in to the administration pages. Set only once you start the survey or sign in.",
        ),
        ("td_4", "2 weeks, or when a member of staff signs out"),
        (
            "td_5",
            "Carries a confirmation message, such as “Your booking is cancelled”, to the next page",
        ),
        ("td_6", "When the message has been shown"),
    ],
    "accessibility": [
        ("title", "Accessibility statement"),
        (
            "p_1",
            "This statement applies to the Local Industrial Strategy consultation portal run by the Leicester and Leicestershire Enterprise Partnership (LLEP).",
        ),
        (
            "p_2",
            "We want as many people as possible to be able to use this website. For example, you should be able to:",
        ),
        ("li_1", "change colours, contrast levels and fonts using browser or device settings"),
        ("li_2", "zoom in up to 400% without the text spilling off the screen"),
        ("li_3", "navigate the whole website using just a keyboard"),
        ("li_4", "use the website on a screen as narrow as 320 pixels"),
        (
            "li_5",
            "listen to the website using a screen reader (including recent versions of JAWS, NVDA and VoiceOver)",
        ),
        (
            "p_3",
            "We have also made the text as simple as possible to understand. [AbilityNet](https://mcmw.abilitynet.org.uk/) has advice on making your device easier to use if you have a disability.",
        ),
        ("h2_1", "How accessible this website is"),
        ("p_4", "We know some parts of this website are not fully accessible:"),
        (
            "li_6",
            "the documents on the downloads page were published in 2018 as PDFs and may not be fully accessible to screen reader software",
        ),
        (
            "li_7",
            "the pages LLEP staff use to run the consultation are Django’s administration site, which has not been tested as thoroughly as the public pages (see below)",
        ),
        (
            "p_5",
            "User style sheets, and browser extensions that change the spacing of text, lines and paragraphs, work on every page: the portal’s security settings restrict only its own styles, not those your browser or an extension adds.",
        ),
        ("h2_2", "Feedback and contact information"),
        (
            "p_6",
            "If you need information on this website in a different format, such as accessible PDF, large print, easy read, audio recording or braille, or you need help to book a round table or take the survey, email [{staff_email}](mailto:{staff_email}).",
        ),
        ("p_7", "We’ll consider your request and get back to you in 5 working days."),
        ("h2_3", "Reporting accessibility problems with this website"),
        (
            "p_8",
            "We’re always looking to improve the accessibility of this website. If you find any problems not listed on this page or think we’re not meeting accessibility requirements, email [{staff_email}](mailto:{staff_email}).",
        ),
        ("h2_4", "Enforcement procedure"),
        (
            "p_9",
            "The Equality and Human Rights Commission (EHRC) is responsible for enforcing the Public Sector Bodies (Websites and Mobile Applications) (No. 2) Accessibility Regulations 2018 (the ‘accessibility regulations’). If you’re not happy with how we respond to your complaint, [contact the Equality Advisory and Support Service (EASS)](https://www.equalityadvisoryservice.com/).",
        ),
        ("h2_5", "Technical information about this website’s accessibility"),
        (
            "p_10",
            "The LLEP is committed to making its website accessible, in accordance with the Public Sector Bodies (Websites and Mobile Applications) (No. 2) Accessibility Regulations 2018.",
        ),
        ("h3_1", "Compliance status"),
        (
            "p_11",
            "This website is partially compliant with the [Web Content Accessibility Guidelines version 2.2](https://www.w3.org/TR/WCAG22/) AA standard, due to the non-compliances and exemptions listed below.",
        ),
        ("h2_6", "Non-accessible content"),
        ("p_12", "The content listed below is non-accessible for the following reasons."),
        ("h3_2", "Non-compliance with the accessibility regulations"),
        (
            "p_13",
            "On the public pages, the round-table booking pages, the survey, the published results and the board’s pages we know of no failure of the WCAG 2.2 AA success criteria after the tests described below. Automated and scripted tests cannot find every problem, and we have not yet tested these pages by hand with a screen reader; if you find a problem, please tell us.",
        ),
        (
            "p_14",
            "The staff pages (Django’s administration site) have been checked with the axe-core engine on their sign-in page only; the rest of them have not been tested against WCAG 2.2 AA and may not meet it. Staff who need another way of doing their work should ask the consultation team.",
        ),
        ("h3_3", "Disproportionate burden"),
        ("p_15", "We are not claiming disproportionate burden for any part of this website."),
        ("h3_4", "Content that’s not within the scope of the accessibility regulations"),
        (
            "p_16",
            "The documents on the downloads page were published before 23 September 2018 and are not essential to taking part in the consultation, so the regulations do not require us to fix them. They may not have a title, headings or text alternatives for their images that screen readers can use (success criteria 1.1.1, 1.3.1 and 2.4.2). If you need one of them in an accessible format, email [{staff_email}](mailto:{staff_email}) and we will send it to you.",
        ),
        ("h2_7", "What we’re doing to improve accessibility"),
        (
            "p_17",
            "The pages are built with the patterns of the GOV.UK Design System, which are tested with disabled people and assistive technologies. The Local Industrial Strategy Prospectus produced from this consultation is generated as a tagged PDF (PDF/UA).",
        ),
        ("h2_8", "Preparation of this accessibility statement"),
        (
            "p_18",
            "This statement was prepared on 26 November 2026. It was last reviewed on 27 November 2026.",
        ),
        (
            "p_19",
            "This website was tested against the WCAG 2.2 AA standard by the team that built it. The tests run each time the software changes, in the Chromium browser:",
        ),
        (
            "li_8",
            "every public page, the round-table and survey pages, the board’s pages, the published results (at 1280 and 320 pixels wide), and every form in its error state are checked with the axe-core accessibility engine, and none has a serious or critical fault",
        ),
        (
            "li_9",
            "every public page is used with the keyboard alone: each link, button and field it reaches shows where the focus is, with a contrast of at least 3 to 1 against its surroundings (1.4.11, 2.4.7), and the link to skip to the main content comes first",
        ),
        (
            "li_10",
            "in every form (booking a place, each section of the survey, saving your answers, checking your answers, sending answers after the survey has closed, and signing in to the staff pages), each link in the list of problems is followed with the keyboard, and must take you to the question it names (3.3.1)",
        ),
        (
            "li_11",
            "the descriptions a screen reader reads with each question are checked in the browser’s accessibility tree: a question’s hint, its error and, for long answers, how many characters you can enter (1.3.1, 3.3.1)",
        ),
        (
            "li_12",
            "every public page fits a screen 320 pixels wide, which is the same as zooming to 400% on a 1280 pixel screen, without scrolling sideways (1.4.10); screenshots at 320 and 1280 pixels are looked at by a person",
        ),
        (
            "li_13",
            "every page has its own title and one main heading (2.4.2, 1.3.1), and no page shows the code it is built from",
        ),
        (
            "p_20",
            "We have not yet tested the website by hand with screen readers (JAWS, NVDA, VoiceOver) or with speech recognition software, and the LLEP has not yet commissioned an independent accessibility audit.",
        ),
    ],
}
