import {
  AimOutlined,
  AppstoreOutlined,
  BankOutlined,
  CalendarOutlined,
  ContactsOutlined,
  DollarOutlined,
  FileDoneOutlined,
  FileTextOutlined,
  GiftOutlined,
  IdcardOutlined,
  MessageOutlined,
  ShoppingOutlined,
  UnorderedListOutlined,
  UserAddOutlined,
} from '@ant-design/icons';
import type { ComponentType } from 'react';

// Metadata names icons by the open icon-set names designers pick (lucide style).
const ICONS: Readonly<Record<string, ComponentType>> = {
  banknote: DollarOutlined,
  briefcase: ShoppingOutlined,
  building: BankOutlined,
  calendar: CalendarOutlined,
  'file-signature': FileDoneOutlined,
  'file-text': FileTextOutlined,
  'id-card': IdcardOutlined,
  list: UnorderedListOutlined,
  'message-circle': MessageOutlined,
  package: GiftOutlined,
  target: AimOutlined,
  'user-plus': UserAddOutlined,
  users: ContactsOutlined,
};

/** The icon of a metadata icon name; a generic one for names without their own. */
export function AppIcon({ name }: { readonly name: string | undefined }) {
  const Icon = (name && ICONS[name]) || AppstoreOutlined;
  return <Icon />;
}
