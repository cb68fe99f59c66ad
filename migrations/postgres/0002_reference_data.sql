-- Reference data that every installation has (demo or not): the five labs, sectors and
-- challenge topics. Keep in step with migrations/sqlite.

INSERT INTO labs (slug, position, is_partner_lab, stakeholder, name_nl, name_en, tagline_nl, tagline_en, description_nl, description_en) VALUES
('collectives', 1, 0, 'collectives', 'Collectievenlab', 'Collectives Lab',
 'De eigen ruimte van de collectieven: vragen, antwoorden en praktijk delen.',
 'The collectives'' own space: ask, answer and share practice.',
 'In het Collectievenlab stellen leden van energie-, woon-, zorg-, voedsel- en buurtcollectieven elkaar vragen en delen ze wat werkt. Een antwoord van een zorgcoöperatie over vrijwilligers helpt net zo goed een energiecoöperatie: de uitdagingen na de oprichting zijn over sectoren heen verrassend gelijk.',
 'In the Collectives Lab, members of energy, housing, care, food and neighbourhood collectives ask each other questions and share what works. A care cooperative''s answer about volunteers helps an energy cooperative just as well: once founded, collectives face strikingly similar challenges whatever their sector.'),
('network', 2, 1, 'network', 'Netwerklab', 'Network Lab',
 'Koepels en netwerkorganisaties verbinden collectieven en delen sjablonen.',
 'Umbrella and network organisations connect collectives and share templates.',
 'Koepel- en netwerkorganisaties kennen honderden collectieven van binnen. In het Netwerklab beantwoorden zij doorgezette vragen, wijzen zij collectieven op elkaar en delen zij modelstatuten, draaiboeken en sjablonen.',
 'Umbrella and network organisations know hundreds of collectives from the inside. In the Network Lab they answer routed questions, point collectives to each other and share model statutes, playbooks and templates.'),
('finance', 3, 1, 'finance', 'Financieringslab', 'Finance Lab',
 'Banken, fondsen en impactinvesteerders over geld voor collectieven.',
 'Banks, funds and impact investors on money for collectives.',
 'Hoe financier je een warmtenet, een woongroep of een zorgcoöperatie? In het Financieringslab beantwoorden banken, fondsen, impactinvesteerders en gemeentelijke fondsen vragen over leningen, ledenobligaties, crowdfunding, subsidies en garanties.',
 'How do you finance a heat network, a housing group or a care cooperative? In the Finance Lab, banks, funds, impact investors and municipal funds answer questions about loans, member bonds, crowdfunding, grants and guarantees.'),
('government', 4, 1, 'government', 'Overheidslab', 'Government Lab',
 'Gemeenten, provincies en ministeries over regels, vergunningen en samenwerking.',
 'Municipalities, provinces and ministries on rules, permits and partnerships.',
 'Collectieven hebben vaak met de overheid te maken: vergunningen, aanbestedingen, het uitdaagrecht, grond en subsidies. In het Overheidslab denken ambtenaren van gemeenten, provincies en ministeries mee en leren zij zelf hoe zij burgerinitiatieven beter kunnen ondersteunen.',
 'Collectives deal with government all the time: permits, tenders, the right to challenge, land and grants. In the Government Lab, civil servants from municipalities, provinces and ministries help think things through and learn how to support citizen initiatives better.'),
('science', 5, 1, 'science', 'Wetenschapslab', 'Science Lab',
 'Onderzoekers brengen kennis naar de praktijk en brengen de beweging in kaart.',
 'Researchers bring knowledge to practice and map the movement.',
 'In het Wetenschapslab vertalen onderzoekers wetenschappelijke inzichten naar de praktijk, beantwoorden zij onderzoeksvragen van collectieven en bundelen zij onderzoeksverzoeken, zodat collectieven niet overspoeld raken en de beweging beter in kaart komt.',
 'In the Science Lab, researchers translate scientific insight into practice, answer collectives'' research questions and channel research requests, so that collectives are not swamped and the movement is mapped better.');

INSERT INTO sectors (slug, position, name_nl, name_en) VALUES
('energy', 1, 'Energie', 'Energy'),
('housing', 2, 'Wonen', 'Housing'),
('care', 3, 'Zorg en welzijn', 'Care and welfare'),
('food', 4, 'Voedsel en landbouw', 'Food and agriculture'),
('nature', 5, 'Natuur en landschap', 'Nature and land'),
('mobility', 6, 'Mobiliteit', 'Mobility'),
('liveability', 7, 'Leefbaarheid', 'Liveability'),
('social-security', 8, 'Sociale zekerheid', 'Social security'),
('culture', 9, 'Cultuur', 'Culture');

INSERT INTO challenge_topics (slug, position, name_nl, name_en) VALUES
('finance', 1, 'Financiering', 'Finance'),
('member-engagement', 2, 'Betrokkenheid van leden', 'Member engagement'),
('volunteers', 3, 'Vrijwilligers', 'Volunteers'),
('governance', 4, 'Bestuur en besluitvorming', 'Governance and decision making'),
('government', 5, 'Samenwerken met de overheid', 'Working with government'),
('legal-form', 6, 'Rechtsvorm', 'Legal form'),
('scaling-up', 7, 'Opschalen', 'Scaling up'),
('communication', 8, 'Communicatie', 'Communication'),
('professionalising', 9, 'Professionaliseren', 'Professionalising');
