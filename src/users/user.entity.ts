import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { Role } from '../common/auth/role';
import { booleanTransformer } from '../common/database/boolean.transformer';

@Entity('users')
export class User {
  @PrimaryGeneratedColumn({ unsigned: true }) id: number;
  @Column() username: string;
  @Column({ name: 'password_hash', select: false }) passwordHash: string;
  @Column({ name: 'display_name' }) displayName: string;
  @Column({ type: 'enum', enum: ['enterprise', 'officer', 'handler', 'supervisor', 'admin'] }) role: Role;
  @Column({ name: 'region_code', type: 'char', length: 6 }) regionCode: string;
  @Column({ name: 'department_id', type: 'int', unsigned: true, nullable: true }) departmentId: number | null;
  @Column({ name: 'enterprise_id', type: 'int', unsigned: true, nullable: true }) enterpriseId: number | null;
  @Column({ name: 'is_department_head', type: 'tinyint', transformer: booleanTransformer }) isDepartmentHead: boolean;
  @Column({ type: 'varchar', nullable: true }) phone: string | null;
  @Column({ type: 'tinyint', transformer: booleanTransformer }) active: boolean;
  @Column({ name: 'password_changed_at', type: 'datetime', precision: 3 }) passwordChangedAt: Date;
  @Column({ type: 'int', unsigned: true }) version: number;
  @CreateDateColumn({ name: 'created_at', type: 'datetime', precision: 3 }) createdAt: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'datetime', precision: 3 }) updatedAt: Date;
}
