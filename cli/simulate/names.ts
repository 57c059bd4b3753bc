import type { Random } from './prng.ts';

/**
 * Name pools in several scripts and naming orders, with the time zones where people with such
 * names might live. A simulation full of "Test User 17" would never find a page that breaks on
 * Arabic, Devanagari, Hangul, combining accents or a family name that comes first.
 */
interface NamingCulture {
  given: readonly string[];
  family: readonly string[];
  /** `family-first-joined`: written without a space, as in Chinese, Japanese and Korean. */
  order: 'given-family' | 'family-given' | 'family-first-joined';
  timeZones: readonly string[];
}

const CULTURES: readonly NamingCulture[] = [
  {
    given: ['Aoife', 'Siobhán', 'Grace', 'Liam', 'Olivia', 'Darnell', 'Keisha', 'Jamal'],
    family: ["O'Connor", 'Walsh', 'Smith-Jones', 'Washington', 'Okonkwo-Reid', 'MacLeod'],
    order: 'given-family',
    timeZones: ['Europe/London', 'Europe/Dublin', 'America/New_York', 'America/Chicago'],
  },
  {
    given: ['Sofía', 'José', 'Martín', 'Lucía', 'Ximena', 'Iñaki', 'Marisol'],
    family: ['Hernández', 'Núñez', 'García López', 'Quispe', 'Peña', 'Ibáñez'],
    order: 'given-family',
    timeZones: ['America/Mexico_City', 'America/Bogota', 'America/Lima', 'Europe/Madrid'],
  },
  {
    given: ['João', 'Conceição', 'Thiago', 'Luíza', 'Raí'],
    family: ['Gonçalves', 'Araújo', 'da Silva', 'Conceição', 'Magalhães'],
    order: 'given-family',
    timeZones: ['America/Sao_Paulo', 'Europe/Lisbon'],
  },
  {
    // Yoruba tone marks as combining characters: the form must keep them exactly.
    given: ['Adébáyọ̀', 'Chiamaka', 'Ngozi', 'Olúwaṣeun', 'Kwame', 'Amara', 'Thandiwe'],
    family: ['Ọkáfọ̀', 'Adeyemi', 'Eze', 'Mensah', 'Nkosi', 'Balogun'],
    order: 'given-family',
    timeZones: ['Africa/Lagos', 'Africa/Accra', 'Africa/Johannesburg', 'Africa/Nairobi'],
  },
  {
    given: ['Minh', 'Lan', 'Hùng', 'Thảo', 'Quốc Anh'],
    family: ['Nguyễn Thị', 'Trần', 'Lê Văn', 'Phạm', 'Đặng'],
    order: 'family-given',
    timeZones: ['Asia/Ho_Chi_Minh'],
  },
  {
    given: ['فاطمة', 'محمد', 'ليلى', 'يوسف', 'نور'],
    family: ['السيد', 'الحسن', 'المصري', 'حداد'],
    order: 'given-family',
    timeZones: ['Asia/Dubai', 'Africa/Cairo', 'Asia/Amman'],
  },
  {
    given: ['प्रिया', 'अर्जुन', 'अनन्या', 'राहुल', 'कविता'],
    family: ['शर्मा', 'वर्मा', 'पटेल', 'सिंह'],
    order: 'given-family',
    timeZones: ['Asia/Kolkata'],
  },
  {
    given: ['伟', '芳', '娜', '静', '子涵', '浩然'],
    family: ['王', '李', '张', '刘', '陈'],
    order: 'family-first-joined',
    timeZones: ['Asia/Shanghai', 'Asia/Singapore', 'Asia/Taipei'],
  },
  {
    given: ['花子', '太郎', '結衣', '陽翔', 'さくら'],
    family: ['山田', '佐藤', '鈴木', '高橋'],
    order: 'family-first-joined',
    timeZones: ['Asia/Tokyo'],
  },
  {
    given: ['민준', '서연', '지우', '하은'],
    family: ['김', '이', '박', '최'],
    order: 'family-first-joined',
    timeZones: ['Asia/Seoul'],
  },
  {
    given: ['Анна', 'Дмитрий', 'Ольга', 'Айгерим', 'Тарас'],
    family: ['Иванова', 'Ковальчук', 'Нурланова', 'Шевченко'],
    order: 'given-family',
    timeZones: ['Europe/Warsaw', 'Asia/Almaty', 'Europe/Berlin'],
  },
  {
    given: ['Ελένη', 'Γιώργος', 'Δήμητρα'],
    family: ['Παπαδοπούλου', 'Νικολάου', 'Γεωργίου'],
    order: 'given-family',
    timeZones: ['Europe/Athens'],
  },
  {
    given: ['נועה', 'יוסף', 'מיכל'],
    family: ['כהן', 'לוי', 'מזרחי'],
    order: 'given-family',
    timeZones: ['Asia/Jerusalem'],
  },
  {
    given: ['สมชาย', 'มาลี', 'อรุณี'],
    family: ['ใจดี', 'ศรีสุข', 'วงศ์ไทย'],
    order: 'given-family',
    timeZones: ['Asia/Bangkok'],
  },
  {
    given: ['አበበ', 'ሰላም', 'ሄኖክ'],
    family: ['በቀለ', 'ተስፋዬ', 'ገብረ'],
    order: 'given-family',
    timeZones: ['Africa/Addis_Ababa'],
  },
  {
    given: ['Tāne', 'Aroha', 'Mere', 'Keoni', 'Leilani'],
    family: ['Ngata', 'Te Rangi', 'Kahananui'],
    order: 'given-family',
    timeZones: ['Pacific/Auckland', 'Pacific/Honolulu'],
  },
];

interface SimulatedName {
  name: string;
  /** Where a person with this name might live; their answer to "your time zone". */
  timeZone: string;
}

export function simulatedName(random: Random): SimulatedName {
  const culture = random.pick(CULTURES);
  const given = random.pick(culture.given);
  const family = random.pick(culture.family);
  const name =
    culture.order === 'given-family'
      ? `${given} ${family}`
      : culture.order === 'family-given'
        ? `${family} ${given}`
        : `${family}${given}`;
  return { name, timeZone: random.pick(culture.timeZones) };
}
